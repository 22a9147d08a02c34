/** @file The playground's front page: the nav and the Derive card when derive() exists. */
import { hasDerive, mountNav } from "./nav.js";

mountNav("home");
document.getElementById("derive-card")!.hidden = !hasDerive;
