// The ELF report of a build's executable or library (juliac:inspect): hardening in words with a
// good/bad mark each, and every DT_NEEDED library with where it resolves, the missing ones flagged.
import { useEffect, useState } from 'react'
import type { ElfReport } from '../../../src-preload/contract'
import { api } from '../../api'

type Check = { label: string; value: string; good: boolean | null; title: string }

export function elfChecks(r: ElfReport): Check[] {
  return [
    { label: 'PIE', value: r.pie ? 'yes' : 'no', good: r.pie, title: 'Position-independent executable: loaded at a random address (ASLR)' },
    { label: 'NX stack', value: r.nxStack ? 'yes' : 'no', good: r.nxStack, title: 'The stack is not executable (PT_GNU_STACK without X)' },
    { label: 'RELRO', value: r.relro, good: r.relro === 'full' ? true : r.relro === 'none' ? false : null, title: 'Relocations read-only after start; full also binds symbols now' },
    { label: 'Stack protector', value: r.stackProtector ? 'yes' : 'no', good: r.stackProtector, title: 'Calls __stack_chk_fail (compiled with -fstack-protector)' },
    { label: 'FORTIFY', value: r.fortify ? 'yes' : 'no', good: r.fortify, title: 'Uses _FORTIFY_SOURCE checked functions (__*_chk)' },
    { label: 'RUNPATH', value: r.runpath.length ? r.runpath.join(':') : r.rpath.length ? `RPATH ${r.rpath.join(':')}` : 'none', good: null, title: 'Where the loader looks for libraries first' },
    { label: 'Stripped', value: r.stripped ? 'yes' : 'no (has symbols)', good: null, title: 'Whether the symbol table was removed' },
  ]
}

export function ElfReportView({ path }: { path: string }) {
  const [report, setReport] = useState<ElfReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    setReport(null)
    setError(null)
    void api.call('juliac:inspect', { path }).then((r) => {
      if (!live) return
      if (r.ok) setReport(r.value)
      else setError(r.message)
    })
    return () => void (live = false)
  }, [path])
  if (error) return <p className="kiln-builds-problem" data-testid="builds-elf-error">Could not inspect {path}: {error}</p>
  if (!report) return <p className="kiln-builds-muted">Reading {path}…</p>
  return (
    <div className="kiln-builds-elf" data-testid="builds-elf">
      <div className="kiln-builds-muted">
        {report.class} · {report.machine} · {report.type}
        {report.interpreter ? ` · ${report.interpreter}` : ''}
      </div>
      <dl className="kiln-builds-checks-list">
        {elfChecks(report).map((c) => (
          <div key={c.label} title={c.title} data-testid="builds-elf-check" data-label={c.label} data-good={String(c.good)}>
            <dt>{c.label}</dt>
            <dd className={c.good === true ? 'good' : c.good === false ? 'bad' : ''}>
              {c.good === true ? '✓ ' : c.good === false ? '✗ ' : ''}
              {c.value}
            </dd>
          </div>
        ))}
      </dl>
      <div className="kiln-builds-subtitle">
        Needed libraries ({report.needed.length}){report.missing.length > 0 && <span className="kiln-builds-bad"> · {report.missing.length} missing</span>}
      </div>
      <ul className="kiln-builds-needed" data-testid="builds-elf-needed">
        {report.needed.map((n) => (
          <li key={n.name} className={n.resolved ? '' : 'missing'} data-testid="builds-elf-lib" data-missing={String(!n.resolved)}>
            <span className="name">{n.name}</span>
            <span className="where" title={n.resolved ?? undefined}>
              {n.resolved ? `${n.via ?? ''} · ${n.resolved}` : 'not found: the program will not start'}
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}
