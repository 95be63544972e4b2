// Syntax nodes to the core's neutral sites. A site keeps its node so that the tfjs vocabulary can
// build fixes from it. Offsets are read from the node when asked, never stored: TypeScript's
// incremental parser moves reused nodes of an edited file in place, so a stored offset would go
// stale. One site per node keeps identity comparisons working.
import ts = require('typescript');
import type { Site } from '../core/site';

class NodeSite implements Site {
  constructor(readonly node: ts.Node) {}
  get file(): string {
    return this.node.getSourceFile().fileName;
  }
  get start(): number {
    return this.node.getStart(this.node.getSourceFile());
  }
  get end(): number {
    return this.node.getEnd();
  }
}

const sites = new WeakMap<ts.Node, Site>();

export function siteOf(node: ts.Node): Site {
  let s = sites.get(node);
  if (!s) sites.set(node, (s = new NodeSite(node)));
  return s;
}

/** The syntax node behind a site made by this frontend. */
export function nodeOf(site: Site | undefined): ts.Node | undefined {
  return site?.node as ts.Node | undefined;
}
