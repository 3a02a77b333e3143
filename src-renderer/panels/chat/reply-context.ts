// The reply a code block sits in, for Apply to find the question it answers (apply-target.ts).
import { createContext } from 'react'

export const ReplyIdContext = createContext<string | null>(null)
