// `import a.b as c`, `from .m import x`, `from m import *`: the names a module binds, through the
// program's module resolution (framework APIs by canonical name, workspace modules by file).
import type { SyntaxNode as Node } from './syntax-tree';
import type { Interp, Frame } from './evaluator';

export function execImport(it: Interp, s: Node, f: Frame): void {
  const p = it.program;
  const file = f.module.file;
  if (s.type === 'import_statement') {
    for (const n of s.childrenForFieldName('name')) {
      if (!n) continue;
      if (n.type === 'aliased_import') {
        const alias = n.childForFieldName('alias')?.text;
        const dotted = n.childForFieldName('name')?.text ?? '';
        if (alias) f.env.vars.set(alias, p.importModule(file, dotted, 'leaf'));
      } else f.env.vars.set(n.text.split('.')[0], p.importModule(file, n.text, 'root'));
    }
    return;
  }
  if (s.type === 'future_import_statement') return;
  const modNode = s.childForFieldName('module_name');
  let dots = 0;
  let module = modNode?.text ?? '';
  if (modNode?.type === 'relative_import') {
    dots = modNode.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 1;
    module = modNode.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
  }
  if (s.namedChildren.some((c) => c?.type === 'wildcard_import')) {
    p.importAll(file, dots, module, f.env);
    return;
  }
  for (const n of s.childrenForFieldName('name')) {
    if (!n) continue;
    const name = n.type === 'aliased_import' ? n.childForFieldName('name')?.text ?? '' : n.text;
    const alias = n.type === 'aliased_import' ? n.childForFieldName('alias')?.text ?? name : name;
    f.env.vars.set(alias, p.importName(file, dots, module, name));
  }
}
