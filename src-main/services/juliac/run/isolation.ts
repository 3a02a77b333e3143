// How a build's program is confined when Kiln runs it, from what this machine has. Decided here:
// - memory: `prlimit --as=BYTES -- PROGRAM …` (RLIMIT_AS, the address space: a hard limit the
//   kernel enforces, with no shell involved). Without prlimit, `/bin/sh -c 'ulimit -v KB && exec
//   "$0" "$@"' PROGRAM ARGS…`: the arguments travel as positional parameters, never pasted into
//   the script. Julia reserves address space beyond what it touches, so leave it headroom.
//   (systemd-run --user --scope -p MemoryMax= would limit resident memory, but needs a user
//   systemd session, which containers and CI machines rarely have.)
// - network: bubblewrap (`bwrap --dev-bind / / --unshare-net`) where installed, else
//   `unshare --map-current-user --net` (a new user and network namespace: no interface but a
//   loopback that is down) where the kernel permits unprivileged user namespaces. Each is tried
//   once with `true` before it is trusted.
// - always: a fresh working folder, a clean environment, the time limit on the whole group.
// What could not be applied is said as plainly as what was.
import { execProbe, findOnPath } from '../../doctor/exec'

export type IsolationTools = { bwrap: string | null; unshare: string | null; prlimit: string | null; sh: string | null }

export async function findTools(env: NodeJS.ProcessEnv = process.env): Promise<IsolationTools> {
  const path = env.PATH ?? '/usr/bin:/bin'
  const [bwrap, unshare, prlimit, sh] = await Promise.all([findOnPath('bwrap', path), findOnPath('unshare', path), findOnPath('prlimit', path), findOnPath('sh', '/bin:/usr/bin')])
  const works = async (file: string | null, args: string[]): Promise<string | null> => {
    if (!file) return null
    const r = await execProbe(file, [...args, 'true'], { timeoutMs: 5_000, env: { PATH: path } })
    return r.code === 0 ? file : null
  }
  const [bw, un] = await Promise.all([works(bwrap, ['--dev-bind', '/', '/', '--unshare-net', '--']), works(unshare, ['--map-current-user', '--net', '--'])])
  return { bwrap: bw, unshare: un, prlimit, sh }
}

export type Wrapped = { file: string; args: string[]; isolation: string[] }

/** The argument vector that runs `program args` inside the limits, and the words for what applies. */
export function wrapCommand(program: string, args: readonly string[], o: { tools: IsolationTools; workDir: string; timeoutS: number; memoryMb: number; network: boolean }): Wrapped {
  const { tools } = o
  const isolation = [
    'own working folder (a new temporary folder, removed afterwards)',
    `time limit ${o.timeoutS} s (then the whole process group is killed)`,
    'clean environment (only PATH and LANG; HOME and TMPDIR point into the working folder)',
  ]
  let argv: string[] = [program, ...args]
  const bytes = o.memoryMb * 1024 * 1024
  if (tools.prlimit) {
    argv = [tools.prlimit, `--as=${bytes}:${bytes}`, '--', ...argv]
    isolation.push(`memory limit ${o.memoryMb} MiB of address space (RLIMIT_AS, set with prlimit)`)
  } else if (tools.sh) {
    argv = [tools.sh, '-c', `ulimit -v ${o.memoryMb * 1024} && exec "$0" "$@"`, ...argv]
    isolation.push(`memory limit ${o.memoryMb} MiB of address space (RLIMIT_AS, set with ulimit -v)`)
  } else isolation.push('no memory limit: neither prlimit nor /bin/sh was found')
  if (o.network) isolation.push('network allowed (as asked)')
  else if (tools.bwrap) {
    argv = [tools.bwrap, '--dev-bind', '/', '/', '--unshare-net', '--die-with-parent', '--chdir', o.workDir, '--', ...argv]
    isolation.push('no network (bubblewrap --unshare-net: a network namespace of its own)')
  } else if (tools.unshare) {
    argv = [tools.unshare, '--map-current-user', '--net', '--', ...argv]
    isolation.push('no network (unshare --net: a network namespace of its own with no interface up)')
  } else {
    isolation.push('network NOT isolated: no bubblewrap, and unshare --net is missing or not permitted here')
  }
  isolation.push('files NOT isolated: the program can read and write what your user can')
  return { file: argv[0]!, args: argv.slice(1), isolation }
}
