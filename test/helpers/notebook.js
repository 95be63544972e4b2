// Notebooks for tests, as Jupyter writes them (keys in Jupyter's order, indent 1, each `source` as a
// list of lines): one builder for every notebook test. A cell is [type, source] or
// [type, source, extra fields] (outputs, execution_count, metadata, ...).
'use strict';

/**
 * `asString`: each `source` as one string; `ascii`: non-ASCII characters \u-escaped (as some tools
 * write them); `metadata`: the notebook's metadata (default: a Python 3 kernelspec).
 */
function notebookJson(cells, { asString = false, ascii = false, metadata } = {}) {
  const nb = {
    cells: cells.map(([type, src, extra], i) => ({
      cell_type: type,
      ...(type === 'code' ? { execution_count: null } : {}),
      id: `c${i}`,
      metadata: {},
      ...(type === 'code' ? { outputs: [] } : {}),
      source: asString ? src : src.split(/(?<=\n)/),
      ...extra,
    })),
    metadata: metadata ?? { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const text = JSON.stringify(nb, null, 1) + '\n';
  return ascii ? text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

module.exports = { notebookJson };
