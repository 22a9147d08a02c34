/** @file A small page app that imports "chainrule" like any user would: trains an MLP on XOR, draws it, builds the viewer, saves bytes. */
import { getBackend, matmul, modelFromBytes, modelToBytes, nn, optim, randn, renderSvg, saveModel, tensor, toHTML } from "chainrule";

/** What the page reports to the test. */
export interface AppResult {
  backend: string;
  losses: number[];
  svg: string;
  html: string;
  viewerNodes: number;
  bytes: number;
  restored: boolean;
  saveError: string;
  isolated: boolean;
  error?: string;
}

declare global {
  interface Window {
    appResult?: AppResult;
  }
}

async function main(): Promise<AppResult> {
  const x = tensor([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]).named("x");
  const y = tensor([[0], [1], [1], [0]]).named("y");
  const model = new nn.MLP([2, 8, 1], { activation: "tanh", seed: 0 });
  const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
  const losses: number[] = [];
  for (let i = 0; i < 80; i++) {
    opt.zeroGrad();
    const loss = nn.mseLoss(model.forward(x), y);
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  // a matmul big enough for the wasm backend's worker threads (in a cross-origin-isolated page)
  matmul(randn([256, 256], { seed: 1 }), randn([256, 256], { seed: 2 }))
    .sum()
    .item();

  const loss = nn.mseLoss(model.forward(x), y).named("loss");
  loss.backward();
  const svg = await renderSvg(loss);
  const html = await toHTML(loss, { title: "bundled" });
  document.getElementById("graph")!.innerHTML = svg;
  const frame = document.getElementById("viewer") as HTMLIFrameElement;
  await new Promise<void>((done) => {
    frame.addEventListener("load", () => done(), { once: true });
    frame.srcdoc = html;
  });
  const viewerNodes = frame.contentDocument!.querySelectorAll("#graph svg g.node").length;

  const bytes = modelToBytes(model, opt, { note: "page" });
  const copy = new nn.MLP([2, 8, 1], { activation: "tanh", seed: 7 });
  modelFromBytes(bytes, copy);
  const restored = copy.parameters().every((p, i) => p.data.every((v, j) => v === model.parameters()[i]!.data[j]));
  const saveError = await saveModel("model.safetensors", model).then(
    () => "",
    (e: unknown) => String(e),
  );
  return { backend: getBackend(), losses, svg, html, viewerNodes, bytes: bytes.length, restored, saveError, isolated: crossOriginIsolated };
}

main().then(
  (r) => (window.appResult = r),
  (e: unknown) => {
    console.error(e);
    window.appResult = { error: String(e) } as AppResult;
  },
);
