import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";

// The font stacks depend on the platform (app.css says why).
const ua = navigator.userAgent;
document.documentElement.dataset["platform"] = /Macintosh|Mac OS X/.test(ua) ? "mac" : /Windows/.test(ua) ? "windows" : "linux";

const target = document.getElementById("app");
if (!target) throw new Error("no #app element");
export default mount(App, { target });
