import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { applyTheme, loadTheme } from "./lib/theme";

// The font stacks depend on the platform (app.css says why).
const ua = navigator.userAgent;
document.documentElement.dataset["platform"] = /Macintosh|Mac OS X/.test(ua) ? "mac" : /Windows/.test(ua) ? "windows" : "linux";

// The theme before the first paint, so a dark choice never flashes light.
applyTheme(loadTheme(typeof localStorage === "undefined" ? undefined : localStorage));

const target = document.getElementById("app");
if (!target) throw new Error("no #app element");
export default mount(App, { target });
