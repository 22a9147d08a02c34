/** @file The transformer-step workload is the same model in every peer: chainrule's and TensorFlow.js's losses agree step by step. */
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { getBackend, setBackend } from "../../src/index.js";
import { transformerTrainer } from "../../bench/peers/chainrule-transformer.js";
import { transformerStep } from "../../bench/peers/tfjs-transformer.js";

describe("bench transformer workload", () => {
  const before = getBackend();
  afterAll(async () => setBackend(before));

  it("chainrule and tfjs start from the same weights and batch and take the same three SGD steps", async () => {
    await tf.setBackend("cpu");
    const tfStep = transformerStep();
    await setBackend("js");
    const step = transformerTrainer();
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < 3; i++) {
      ours.push(step());
      theirs.push(tfStep()!);
    }
    // a random 28-way guess costs about log 28 ≈ 3.33 nats; SGD lowers it a little each step
    expect(ours[0]).toBeGreaterThan(3);
    expect(ours[2]).toBeLessThan(ours[0]!);
    ours.forEach((v, i) => expect(Math.abs(v - theirs[i]!) / theirs[i]!, `step ${i}: ${v} vs ${theirs[i]}`).toBeLessThan(1e-5));
  }, 120_000);
});
