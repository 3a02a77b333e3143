// GGUF value types and ggml tensor types, as numbered in ggml's gguf.h and ggml.h.

/** Metadata value types, in their on-disk order (the index is the u32 written in the file). */
export const VALUE_TYPES = [
  'uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'bool', 'string', 'array', 'uint64', 'int64', 'float64',
] as const
export type GgufValueType = (typeof VALUE_TYPES)[number]

/** Bytes of one value of a fixed-size type; strings and arrays are variable. */
export const FIXED_SIZE: Partial<Record<GgufValueType, number>> = {
  uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, bool: 1, uint64: 8, int64: 8, float64: 8,
}

/** An array's items are null when it is longer than the reader keeps (token lists): only the length is known. */
export type GgufArray = { itemType: GgufValueType; length: number; items: GgufValue[] | null }
/** 64-bit integers are bigint, so no value is rounded. */
export type GgufValue = number | bigint | boolean | string | GgufArray
export type GgufEntry = { type: GgufValueType; value: GgufValue }

export type GgmlType = { id: number; name: string; blockSize: number; typeSize: number }

// [id, name, elements per block, bytes per block]; ids 4, 5, 31–33 and 36–38 were removed from ggml.
const GGML_TYPE_ROWS: [number, string, number, number][] = [
  [0, 'F32', 1, 4], [1, 'F16', 1, 2], [2, 'Q4_0', 32, 18], [3, 'Q4_1', 32, 20], [6, 'Q5_0', 32, 22],
  [7, 'Q5_1', 32, 24], [8, 'Q8_0', 32, 34], [9, 'Q8_1', 32, 36], [10, 'Q2_K', 256, 84], [11, 'Q3_K', 256, 110],
  [12, 'Q4_K', 256, 144], [13, 'Q5_K', 256, 176], [14, 'Q6_K', 256, 210], [15, 'Q8_K', 256, 292],
  [16, 'IQ2_XXS', 256, 66], [17, 'IQ2_XS', 256, 74], [18, 'IQ3_XXS', 256, 98], [19, 'IQ1_S', 256, 50],
  [20, 'IQ4_NL', 32, 18], [21, 'IQ3_S', 256, 110], [22, 'IQ2_S', 256, 82], [23, 'IQ4_XS', 256, 136],
  [24, 'I8', 1, 1], [25, 'I16', 1, 2], [26, 'I32', 1, 4], [27, 'I64', 1, 8], [28, 'F64', 1, 8],
  [29, 'IQ1_M', 256, 56], [30, 'BF16', 1, 2], [34, 'TQ1_0', 256, 54], [35, 'TQ2_0', 256, 66], [39, 'MXFP4', 32, 17],
]

export const GGML_TYPES: ReadonlyMap<number, GgmlType> = new Map(
  GGML_TYPE_ROWS.map(([id, name, blockSize, typeSize]) => [id, { id, name, blockSize, typeSize }]),
)
export const ggmlTypeByName = (name: string): GgmlType | undefined => [...GGML_TYPES.values()].find((t) => t.name === name)

/** llama.cpp's llama_ftype (`general.file_type`): the quantization the file was made with. */
const FILE_TYPE_ROWS: [number, string][] = [
  [0, 'F32'], [1, 'F16'], [2, 'Q4_0'], [3, 'Q4_1'], [4, 'Q4_1_SOME_F16'], [7, 'Q8_0'], [8, 'Q5_0'], [9, 'Q5_1'],
  [10, 'Q2_K'], [11, 'Q3_K_S'], [12, 'Q3_K_M'], [13, 'Q3_K_L'], [14, 'Q4_K_S'], [15, 'Q4_K_M'], [16, 'Q5_K_S'],
  [17, 'Q5_K_M'], [18, 'Q6_K'], [19, 'IQ2_XXS'], [20, 'IQ2_XS'], [21, 'Q2_K_S'], [22, 'IQ3_XS'], [23, 'IQ3_XXS'],
  [24, 'IQ1_S'], [25, 'IQ4_NL'], [26, 'IQ3_S'], [27, 'IQ3_M'], [28, 'IQ2_S'], [29, 'IQ2_M'], [30, 'IQ4_XS'],
  [31, 'IQ1_M'], [32, 'BF16'], [36, 'TQ1_0'], [37, 'TQ2_0'], [38, 'MXFP4_MOE'],
]
export const FILE_TYPES: ReadonlyMap<number, string> = new Map(FILE_TYPE_ROWS)

/** Bytes of a tensor's data: elements / block size × bytes per block. */
export function tensorBytes(type: GgmlType, elements: number): number {
  return Math.ceil(elements / type.blockSize) * type.typeSize
}
