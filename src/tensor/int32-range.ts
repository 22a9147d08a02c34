/** @file The int32 range, and the check that values fit it (an int32 tensor never rounds silently). */
import { ValueError } from "../errors.js";

/** The int32 range: index tensors hold whole numbers in it. */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/**
 * Checks every value is a whole number in the int32 range (an int32 tensor never rounds silently).
 * @example
 * checkInt32Values([1, 2.5], "tensor"); // throws: element 1 is 2.5
 */
export function checkInt32Values(data: ArrayLike<number>, op: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
      throw new ValueError(
        `${op}: element ${i} is ${v}, which int32 cannot hold (whole numbers in ${INT32_MIN}..${INT32_MAX}); round it first (Math.round, Math.trunc), or make a float tensor and .cast("int32") it (truncates toward zero).`,
      );
    }
  }
}
