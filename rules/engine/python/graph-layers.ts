// PyTorch Geometric's graph convolutions: each maps node features [nodes, in] to [nodes, out] by
// aggregating neighbours and a linear map, with no activation of its own, so the last one of a node
// classifier outputs logits (`GCNConv(16, num_classes)` then `F.log_softmax(x, dim=1)` in the tutorial).
import type { LayerInfo } from '../core/facts';
import type { CallSite } from './evaluator';
import { argValue } from './evaluator';
import { UNKNOWN, num } from './values';

const CONVS = /^torch_geometric\.nn\.(?:conv\.(?:\w+\.)?)?(GCNConv|SAGEConv|GraphConv|ChebConv|SGConv|TAGConv|GATConv|GATv2Conv)$/;

/** The layer a PyG convolution is, or undefined for any other name. */
export function graphConv(name: string, c: CallSite): LayerInfo | undefined {
  const short = CONVS.exec(name)?.[1];
  if (!short) return undefined;
  let units = c.args.splat ? undefined : num(argValue(c, 1, 'out_channels', UNKNOWN));
  // Attention convolutions concatenate their heads (heads=1 by default): out_channels × heads wide.
  if (short.startsWith('GAT') && units !== undefined) {
    const heads = c.args.kw.has('heads') || c.args.pos.length > 2 ? num(argValue(c, 2, 'heads', UNKNOWN)) : 1;
    const concat = c.args.kw.get('concat') ?? c.args.pos[3];
    const joined = concat === undefined || !(concat.k === 'const' && concat.v === false);
    units = heads === undefined ? (joined ? undefined : units) : joined ? units * heads : units;
  }
  return { type: 'dense', name: short, site: c.site, units, activation: 'linear', actSite: c.site };
}
