/** @file The real datasets shipped in the package (Iris, Breast Cancer Wisconsin, Digits), decoded from embedded text. */
import type { DType } from "../tensor/dtype.js";
import { makeDataset, type Dataset } from "./dataset.js";
import { BREAST_CANCER_CLASSES, BREAST_CANCER_CSV } from "./embedded/breast-cancer.generated.js";
import { DIGITS_PIXEL_ALPHABET, DIGITS_ROWS } from "./embedded/digits.generated.js";
import { IRIS_CLASSES, IRIS_CSV } from "./embedded/iris.generated.js";

interface Decoded {
  x: Float64Array;
  y: number[];
}

const cache = new Map<string, Decoded>();

function once(key: string, decode: () => Decoded): Decoded {
  let hit = cache.get(key);
  if (!hit) {
    hit = decode();
    cache.set(key, hit);
  }
  return hit;
}

/** Rows of `features` numbers followed by a class index. */
function decodeCsv(text: string, features: number): Decoded {
  const lines = text.split("\n");
  const x = new Float64Array(lines.length * features);
  const y: number[] = [];
  lines.forEach((line, i) => {
    const fields = line.split(",");
    for (let j = 0; j < features; j++) x[i * features + j] = Number(fields[j]);
    y.push(Number(fields[features]));
  });
  return { x, y };
}

/** 64 pixel characters then the digit. */
function decodeDigits(): Decoded {
  const lines = DIGITS_ROWS.split("\n");
  const x = new Float64Array(lines.length * 64);
  const y: number[] = [];
  lines.forEach((line, i) => {
    for (let j = 0; j < 64; j++) x[i * 64 + j] = DIGITS_PIXEL_ALPHABET.indexOf(line[j]!);
    y.push(Number(line[64]));
  });
  return { x, y };
}

const IRIS_FEATURES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"];
const MEASURES = [
  "radius",
  "texture",
  "perimeter",
  "area",
  "smoothness",
  "compactness",
  "concavity",
  "concave points",
  "symmetry",
  "fractal dimension",
];
/** sklearn's names: "mean radius" … "radius error" … "worst radius" …. */
const BREAST_CANCER_FEATURES = [
  ...MEASURES.map((m) => `mean ${m}`),
  ...MEASURES.map((m) => `${m} error`),
  ...MEASURES.map((m) => `worst ${m}`),
];
const DIGIT_FEATURES = Array.from({ length: 64 }, (_, k) => `pixel_${Math.floor(k / 8)}_${k % 8}`);

/**
 * Fisher's Iris: 150 flowers, 4 measurements in cm, 3 species (50 each).
 * @example
 * loadIris().x.shape; // [150, 4]
 */
export function loadIris(opts: { dtype?: DType } = {}): Dataset {
  const { x, y } = once("iris", () => decodeCsv(IRIS_CSV, 4));
  return makeDataset("iris", x, y, { classes: [...IRIS_CLASSES], featureNames: IRIS_FEATURES, dtype: opts.dtype });
}

/**
 * Breast Cancer Wisconsin (Diagnostic): 569 tumours, 30 nucleus features, malignant (212) or benign (357).
 * @example
 * loadBreastCancer().classes; // ["malignant", "benign"]
 */
export function loadBreastCancer(opts: { dtype?: DType } = {}): Dataset {
  const { x, y } = once("breast-cancer", () => decodeCsv(BREAST_CANCER_CSV, 30));
  return makeDataset("breast-cancer", x, y, {
    classes: [...BREAST_CANCER_CLASSES],
    featureNames: BREAST_CANCER_FEATURES,
    dtype: opts.dtype,
  });
}

/**
 * UCI optical handwritten digits: 1,797 images of 8×8 pixels with integer values 0–16, digits 0–9.
 * @example
 * loadDigits().x.shape; // [1797, 64]
 */
export function loadDigits(opts: { dtype?: DType } = {}): Dataset {
  const { x, y } = once("digits", decodeDigits);
  const classes = Array.from({ length: 10 }, (_, k) => String(k));
  return makeDataset("digits", x, y, { classes, featureNames: DIGIT_FEATURES, dtype: opts.dtype });
}
