/** @file Named error classes: every message names the op, the shapes or values, and the fix. */

/**
 * Base class of every error chainrule raises on purpose.
 * @example
 * try { tensor([1, 2]).item(); } catch (e) { if (e instanceof ChainruleError) console.log(e.message); }
 */
export class ChainruleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Shapes that do not fit an operation (broadcasting, matmul, reshape, axes).
 * @example
 * try { add(zeros([2, 3]), zeros([4])); } catch (e) { e instanceof ShapeError; } // true
 */
export class ShapeError extends ChainruleError {}

/**
 * Mixed or unsupported dtypes. chainrule never converts between float32 and float64 silently.
 * @example
 * try { add(zeros([2]), zeros([2], { dtype: "float64" })); } catch (e) { e instanceof DTypeError; } // true
 */
export class DTypeError extends ChainruleError {}

/**
 * A gradient cannot be computed as asked (non-scalar backward without a gradient, no path, ...).
 * @example
 * try { zeros([3], { requiresGrad: true }).mul(2).backward(); } catch (e) { e instanceof GradientError; } // true
 */
export class GradientError extends ChainruleError {}

/**
 * A value is out of its domain: NaN or Infinity in creation input, an index out of range, a bad option.
 * @example
 * try { tensor([NaN]); } catch (e) { e instanceof ValueError; } // true
 */
export class ValueError extends ChainruleError {}

/**
 * A saved file cannot be read back: truncated, corrupt header, wrong dtype or shape.
 * @example
 * try { loadSafetensors(new Uint8Array(3)); } catch (e) { e instanceof FormatError; } // true
 */
export class FormatError extends ChainruleError {}

/**
 * A model cannot be exported: a module with no form in the target format, or a format version that lacks a needed operator.
 * @example
 * try { exportOnnx(new nn.Softmax(), zeros([1, 2]), { opset: 9 }); } catch (e) { e instanceof ExportError; } // true
 */
export class ExportError extends ChainruleError {}

/**
 * An expression string that cannot be read: a syntax error (with its column and a caret), an unknown
 * function or variable, or a value outside a function's domain at the point being evaluated.
 * @example
 * try { derive("1 + * x", "x"); } catch (e) { e instanceof ExpressionError; } // true
 */
export class ExpressionError extends ValueError {
  /** 0-based offset of the offending character in the expression, when the error has a place. */
  readonly position?: number;

  constructor(message: string, position?: number) {
    super(message);
    if (position !== undefined) this.position = position;
  }
}

/**
 * An optional library a feature needs is not installed (the pictures' KaTeX and Graphviz are optional
 * peer dependencies, so a plain `npm install chainrule` stays small). The message names the install command.
 * @example
 * try { await toHTML(y); } catch (e) { if (e instanceof MissingDependencyError) console.log(e.packageName); } // "katex"
 */
export class MissingDependencyError extends ChainruleError {
  /** The npm package that is missing, e.g. "katex". */
  readonly packageName: string;

  constructor(message: string, packageName: string, cause?: unknown) {
    super(message);
    this.packageName = packageName;
    if (cause !== undefined) this.cause = cause;
  }
}
