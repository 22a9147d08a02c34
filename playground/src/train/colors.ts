/** @file Class colours (blue, orange, green) shared by the decision boundary and the legend. */

/** RGB of each class. */
export const CLASS_RGB: readonly [number, number, number][] = [
  [37, 99, 235],
  [234, 88, 12],
  [22, 163, 74],
];

/** CSS colour of class k. */
export const classColor = (k: number): string => `rgb(${CLASS_RGB[k % CLASS_RGB.length]!.join(",")})`;
