// The Juliac commands in the palette (Ctrl+Shift+B builds, as VS Code's "Run Build Task").
import { registerCommand, type Command } from '../../commands'
import { useLayout } from '../../store/layout'
import { hasWorkspace } from '../../store/workspace'
import { BUILD_KEYS } from '../../workbench/keybindings'
import { cancelBuild, historyOf, isBuilding, refreshBuilds, showBuildTab, useBuilds } from './builds-store'

export function registerBuildCommands(): () => void {
  const commands: Command[] = [
    {
      id: 'juliac.build',
      title: 'Juliac: Build…',
      keybinding: BUILD_KEYS.build,
      when: hasWorkspace,
      run: () => {
        if (!useBuilds.getState().configs) void refreshBuilds()
        useBuilds.setState({ picker: 'build' })
      },
    },
    { id: 'juliac.cancel', title: 'Juliac: Cancel Build', when: isBuilding, run: () => cancelBuild() },
    { id: 'juliac.showLog', title: 'Juliac: Show Build Log', run: () => showBuildTab('log') },
    { id: 'juliac.showProblems', title: 'Juliac: Show Build Problems', run: () => showBuildTab('problems') },
    { id: 'juliac.showArtifacts', title: 'Juliac: Show Build Artifacts', run: () => showBuildTab('artifacts') },
    { id: 'juliac.showBuilds', title: 'Juliac: Show Builds', run: () => useLayout.getState().showView('builds') },
    { id: 'juliac.newProject', title: 'Juliac: New Julia App…', when: hasWorkspace, run: () => useBuilds.setState({ picker: 'newApp' }) },
    {
      id: 'juliac.package',
      title: 'Juliac: Package…',
      when: () => historyOf(useBuilds.getState().records).some((r) => r.state === 'succeeded'),
      run: () => useBuilds.setState({ picker: 'package' }),
    },
  ]
  const off = commands.map(registerCommand)
  return () => off.forEach((f) => f())
}
