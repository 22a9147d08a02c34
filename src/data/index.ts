/** @file The `data` namespace: shipped datasets, train/test split, standardisation and mini-batches. */
export { makeDataset, takeRows, subset, classCounts, labelsOf, type Dataset, type Task } from "./dataset.js";
export { load, describeDataset, datasetNames, type DatasetName, type DatasetInfo, type LoadOptions } from "./load.js";
export { xor, moons, circles, spirals, sine, type SyntheticOptions, type SpiralOptions } from "./synthetic.js";
export { loadIris, loadBreastCancer, loadDigits } from "./real.js";
export { trainTestSplit, type SplitOptions } from "./split.js";
export { standardize, fitStandardization, applyStandardization, type Standardization } from "./standardize.js";
export { words, wordsSplit, type WordsSplitOptions } from "./words.js";
export { batches, type BatchOptions, type Batch } from "./batches.js";
