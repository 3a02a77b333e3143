// What the Julia view lists, decided apart from React (unit-tested).
import type { JuliaPackage, JuliaVariable } from '../../../src-preload/contract'

/** Variables whose name or type holds every word of the filter (case-insensitive), in name order. */
export function filterVariables(variables: readonly JuliaVariable[], filter: string): JuliaVariable[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean)
  return variables
    .filter((v) => words.every((w) => v.name.toLowerCase().includes(w) || v.type.toLowerCase().includes(w)))
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** Direct dependencies first (what Project.toml lists), each group by name. */
export function sortPackages(packages: readonly JuliaPackage[]): JuliaPackage[] {
  return [...packages].sort((a, b) => (a.direct === b.direct ? a.name.localeCompare(b.name) : a.direct ? -1 : 1))
}

export const SOURCE_LABEL: Record<JuliaPackage['source'], string> = {
  registry: 'registry',
  path: 'local path (dev)',
  git: 'git',
  stdlib: 'standard library',
}

/** A package name as Pkg takes it: the contract's rule (`Name` or `Name@1.2`). */
export const PACKAGE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(@[0-9A-Za-z.+-]+)?$/

/** Splits what the user typed ("Plots, DataFrames@1.6") into names; the bad ones come back apart. */
export function parsePackageList(text: string): { names: string[]; bad: string[] } {
  const parts = text
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
  return { names: parts.filter((p) => PACKAGE_NAME.test(p)), bad: parts.filter((p) => !PACKAGE_NAME.test(p)) }
}
