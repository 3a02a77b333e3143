// The Chat commands in the palette. Ctrl+Alt+I shows Chat with the composer focused.
import { registerCommand, type Command } from '../../commands'
import { CHAT_KEYS } from '../../workbench/keybindings'
import { isStreaming, newConversation, showChat, stop, useChat } from './chat-store'

export function registerChatCommands(): () => void {
  const commands: Command[] = [
    { id: 'chat.show', title: 'Chat: Show', keybinding: CHAT_KEYS.show, run: showChat },
    {
      id: 'chat.new',
      title: 'Chat: New Conversation',
      run: async () => {
        showChat()
        await newConversation()
      },
    },
    { id: 'chat.stop', title: 'Chat: Stop the Reply', when: () => isStreaming(useChat.getState().conversation), run: stop },
  ]
  const off = commands.map(registerCommand)
  return () => off.forEach((f) => f())
}
