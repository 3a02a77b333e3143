// Snippets for common Julia constructs, in Monaco/VS Code snippet syntax ($1 tab stops, ${1:default}
// placeholders, $0 final cursor). `\t` becomes the file's indentation when Monaco inserts them.

export interface JuliaSnippet {
  /** What the user types to find it (also the completion label). */
  prefix: string
  description: string
  body: string
}

export const JULIA_SNIPPETS: readonly JuliaSnippet[] = [
  { prefix: 'function', description: 'function definition', body: 'function ${1:name}(${2:args})\n\t$0\nend' },
  { prefix: 'struct', description: 'immutable struct', body: 'struct ${1:Name}\n\t${2:field}::${3:Any}\nend' },
  {
    prefix: 'mutable struct',
    description: 'mutable struct',
    body: 'mutable struct ${1:Name}\n\t${2:field}::${3:Any}\nend',
  },
  { prefix: 'module', description: 'module', body: 'module ${1:Name}\n\n$0\n\nend # module ${1:Name}' },
  { prefix: '@testset', description: 'Test.@testset block', body: '@testset "${1:description}" begin\n\t$0\nend' },
  { prefix: 'try', description: 'try … catch', body: 'try\n\t$1\ncatch ${2:err}\n\t$0\nend' },
  {
    prefix: 'try finally',
    description: 'try … catch … finally',
    body: 'try\n\t$1\ncatch ${2:err}\n\t$3\nfinally\n\t$0\nend',
  },
  { prefix: 'for', description: 'for loop', body: 'for ${1:i} in ${2:1:n}\n\t$0\nend' },
  { prefix: 'while', description: 'while loop', body: 'while ${1:condition}\n\t$0\nend' },
  { prefix: 'if', description: 'if block', body: 'if ${1:condition}\n\t$0\nend' },
  { prefix: 'if else', description: 'if … else', body: 'if ${1:condition}\n\t$2\nelse\n\t$0\nend' },
  { prefix: 'let', description: 'let block', body: 'let ${1:x = 1}\n\t$0\nend' },
  { prefix: 'do', description: 'do block', body: '${1:map}(${2:collection}) do ${3:x}\n\t$0\nend' },
  { prefix: 'comprehension', description: 'array comprehension', body: '[${1:f(x)} for ${2:x} in ${3:xs}]' },
  {
    // Julia 1.11+: `julia script.jl` calls `main(ARGS)` defined this way; its return is the exit code.
    prefix: '@main',
    description: 'program entry point (@main)(ARGS), Julia 1.11+',
    body: 'function (@main)(${1:args})\n\t$0\n\treturn 0\nend',
  },
  { prefix: 'macro', description: 'macro definition', body: 'macro ${1:name}(${2:ex})\n\treturn esc(${2:ex})$0\nend' },
  {
    prefix: 'docstring',
    description: 'docstring for the next definition',
    body: '"""\n    ${1:name}(${2:args})\n\n${3:What it does.}\n"""',
  },
  { prefix: 'begin', description: 'begin block', body: 'begin\n\t$0\nend' },
  { prefix: 'abstract type', description: 'abstract type', body: 'abstract type ${1:Name} end' },
]
