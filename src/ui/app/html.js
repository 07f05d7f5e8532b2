// htm bound to preact's h: templates build vnodes, and every ${value} is a text node or an
// attribute value, never parsed as HTML: the app has no raw-HTML escape hatch anywhere.
import { h } from "preact";
import htm from "htm";

export const html = htm.bind(h);
