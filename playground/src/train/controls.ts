/** @file The Train page's form: fills the selects, shows a Settings, and reads one back (or says what is wrong). */
import { ACTIVATIONS, DATASETS, OPTIMIZERS, type Settings } from "./settings.js";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const LABELS: Record<string, string> = {
  momentum: "SGD + momentum",
  sgd: "SGD",
  adam: "Adam",
  rmsprop: "RMSprop",
  adagrad: "Adagrad",
  leakyRelu: "leaky ReLU",
};

/** Fills the dataset, activation and optimizer menus. */
export function fillMenus(): void {
  const fill = (id: string, values: readonly string[]): void => {
    $(id).innerHTML = values.map((v) => `<option value="${v}">${LABELS[v] ?? v}</option>`).join("");
  };
  fill("dataset", DATASETS);
  fill("activation", ACTIVATIONS);
  fill("optimizer", OPTIMIZERS);
}

/** Shows `s` in the form. */
export function showSettings(s: Settings): void {
  ($("dataset") as HTMLSelectElement).value = s.dataset;
  ($("hidden") as HTMLInputElement).value = s.hidden.join(",");
  ($("activation") as HTMLSelectElement).value = s.activation;
  ($("optimizer") as HTMLSelectElement).value = s.optimizer;
  ($("lr") as HTMLInputElement).value = String(s.lr);
  ($("batch") as HTMLInputElement).value = String(s.batchSize);
}

/**
 * The form's settings, or a message naming the field to fix.
 * @example
 * const s = readSettings(current); if (typeof s === "string") showError(s);
 */
export function readSettings(current: Settings): Settings | string {
  const hiddenText = ($("hidden") as HTMLInputElement).value.trim();
  const hidden = hiddenText === "" ? [] : hiddenText.split(/[\s,]+/).map(Number);
  if (hidden.length > 4 || hidden.some((h) => !Number.isInteger(h) || h < 1 || h > 32))
    return "hidden layers: up to 4 widths between 1 and 32, e.g. 16,16";
  const lr = Number(($("lr") as HTMLInputElement).value);
  if (!(lr > 0 && lr <= 10)) return "learning rate: a number above 0 (try 0.03)";
  const batchSize = Number(($("batch") as HTMLInputElement).value);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 400) return "batch size: a whole number from 1 to 400";
  return {
    ...current,
    dataset: ($("dataset") as HTMLSelectElement).value as Settings["dataset"],
    hidden,
    activation: ($("activation") as HTMLSelectElement).value as Settings["activation"],
    optimizer: ($("optimizer") as HTMLSelectElement).value as Settings["optimizer"],
    lr,
    batchSize,
  };
}
