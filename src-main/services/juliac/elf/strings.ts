// NUL-terminated strings inside a string table; null when the offset lies outside it.
export function cString(table: Buffer, offset: number): string | null {
  if (offset < 0 || offset >= table.length) return null
  const end = table.indexOf(0, offset)
  return table.toString('utf8', offset, end < 0 ? table.length : end)
}
