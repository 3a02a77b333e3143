// A small Julia package on disk for the e2e suite: what a user opens on day one.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const mainSource = `module Demo

export greet, Point

const GREETING = "Hello"

"""
    Point(x, y)

A point in the plane.
"""
struct Point
    x::Float64
    y::Float64
end

norm2(p::Point) = p.x^2 + p.y^2

function greet(name::AbstractString)
    println(GREETING, ", ", name)
end

macro twice(ex)
    quote
        $(esc(ex))
        $(esc(ex))
    end
end

function (@main)(ARGS)
    greet(isempty(ARGS) ? "world" : first(ARGS))
    return 0
end

end # module
`

export async function makeJuliaProject(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'kiln-e2e-'))
  await mkdir(join(root, 'src'))
  await mkdir(join(root, 'test'))
  await writeFile(join(root, 'Project.toml'), 'name = "Demo"\nuuid = "8b0c5d6e-1f8a-4c47-9a55-3f0a0f6b2c11"\nversion = "0.1.0"\n')
  await writeFile(join(root, 'src', 'Demo.jl'), mainSource)
  await writeFile(join(root, 'test', 'runtests.jl'), 'using Demo\nusing Test\n\n@test Demo.norm2(Demo.Point(3, 4)) == 25\n')
  await writeFile(join(root, 'README.md'), '# Demo\n\nA tiny Julia package.\n')
  return root
}
