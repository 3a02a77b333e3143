// Errors in llama-server's shape: {"error":{"code":N,"message":"...","type":"..."}} plus, for a
// context overflow, the prompt and context sizes.
export type ApiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'not_found_error'
  | 'server_error'
  | 'unavailable_error'
  | 'not_supported_error'
  | 'exceed_context_size_error'

const STATUS: Record<ApiErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  not_found_error: 404,
  server_error: 500,
  unavailable_error: 503,
  not_supported_error: 501,
  exceed_context_size_error: 400,
}

export class ApiError extends Error {
  readonly status: number
  constructor(
    readonly type: ApiErrorType,
    message: string,
    readonly extra: Record<string, number> = {},
  ) {
    super(message)
    this.status = STATUS[type]
  }

  body(): { error: Record<string, string | number> } {
    return { error: { code: this.status, message: this.message, type: this.type, ...this.extra } }
  }
}

export const badRequest = (message: string): ApiError => new ApiError('invalid_request_error', message)

export const contextOverflow = (nPrompt: number, nCtx: number): ApiError =>
  new ApiError('exceed_context_size_error', 'the request exceeds the available context size, try increasing it', {
    n_prompt_tokens: nPrompt,
    n_ctx: nCtx,
  })
