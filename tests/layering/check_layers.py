#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks every #include "..." in app/ and ui/ against the layer table, app/layers.txt.

    check_layers.py SOURCE_DIR [--self-test]

A file's layer is the folder it sits in under app/ (app/model/RunPlan.h is in "model") or under
ui/ (ui/grid/CellDelegate.h is in "ui/grid"). An include may name a file of its own layer or of
a layer that the table lists for it; a ui folder may also include what the layer "ui" may.
Also checked:
  - the table itself: every layer listed is defined, a layer's list is closed (what a listed
    layer may include is listed too, as the build links exactly the list), and no layer may
    include itself through others (no cycle between folders);
  - every header name is unique over app/ and ui/ (includes name files without their folder);
  - no include cycle between components (X.h and X.cpp are one component);
  - no file outside ui/window/ includes MainWindow.h (panels never include the main window).
--self-test also runs the check on copies of the tree with a wrong-way include, an include
cycle and a broken table planted, and fails unless each of them is caught.
Exits 0 when everything holds; prints each violation otherwise.
"""
import os
import re
import shutil
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)
SOURCES = ('.h', '.cpp')


def read_table(path):
    """{layer: set of layers it may include}, in file order, and the problems of the table."""
    table = {}
    problems = []
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            if ':' not in line:
                problems.append(f'{path}:{number}: expected "layer: layers it may include"')
                continue
            name, uses = line.split(':', 1)
            name = name.strip()
            if name in table:
                problems.append(f'{path}:{number}: layer "{name}" is defined twice')
            table[name] = set(uses.split())
    for name, uses in table.items():
        for use in sorted(uses):
            if use == name:
                problems.append(f'layer "{name}" lists itself')
            elif use not in table:
                problems.append(f'layer "{name}" may include "{use}", which is not a layer')
            else:
                missing = table[use] - uses - {name}
                if missing:
                    problems.append(f'layer "{name}" may include "{use}" but not what "{use}" may include: '
                                    + ', '.join(sorted(missing)))
    # A cycle: some layer reaches itself.
    for name in table:
        seen, todo = set(), list(table[name])
        while todo:
            use = todo.pop()
            if use == name:
                problems.append(f'layer "{name}" may include itself through others (a cycle between folders)')
                break
            if use in seen or use not in table:
                continue
            seen.add(use)
            todo.extend(table[use])
    return table, problems


def source_files(root):
    """(path, layer) of every .h/.cpp under app/<layer>/ and ui/<folder>/ (layer "ui/<folder>")."""
    files = []
    for top, prefix in (('app', ''), ('ui', 'ui/')):
        above = os.path.join(root, top)
        for entry in sorted(os.listdir(above)):
            folder = os.path.join(above, entry)
            if not os.path.isdir(folder):
                if entry.endswith(SOURCES):
                    files.append((folder, None))  # directly in app/ or ui/: belongs to no layer
                continue
            for base, _, names in os.walk(folder):
                files.extend((os.path.join(base, n), prefix + entry) for n in sorted(names) if n.endswith(SOURCES))
    return files


def allowed(table, layer):
    """The layers \a layer may include: its own, its table entry and, for a ui folder, what "ui" may."""
    uses = {layer} | table.get(layer, set())
    if layer.startswith('ui/'):
        uses |= table.get('ui', set())
    return uses


def check(root):
    """The list of violations in the tree at root (empty when it keeps the rule)."""
    table, problems = read_table(os.path.join(root, 'app', 'layers.txt'))
    files = source_files(root)
    layer_of = {}
    where = {}
    for path, layer in files:
        rel = os.path.relpath(path, root)
        if layer is None:
            problems.append(f'{rel}: directly in {rel.split(os.sep)[0]}/, in no layer folder (see app/layers.txt)')
            continue
        if layer not in table:
            problems.append(f'{rel}: folder "{layer}" is not a layer in app/layers.txt')
        name = os.path.basename(path)
        if name.endswith('.h'):
            if name in where:
                problems.append(f'{rel}: header name also used by {where[name]} (includes name files without folder)')
            where[name] = rel
        layer_of[rel] = layer
    components = {}  # component -> set of components it includes
    for path, layer in files:
        if layer is None:
            continue
        rel = os.path.relpath(path, root)
        component = os.path.splitext(rel)[0]
        edges = components.setdefault(component, set())
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
        for match in INCLUDE.finditer(text):
            target = match.group(1)
            number = text.count('\n', 0, match.start()) + 1
            local = os.path.normpath(os.path.join(os.path.dirname(rel), target))
            if local in layer_of:
                target_rel = local
            elif os.path.basename(target) in where and '/' not in target:
                target_rel = where[os.path.basename(target)]
            else:
                problems.append(f'{rel}:{number}: includes "{target}", which is no file of app/ or ui/')
                continue
            target_layer = layer_of[target_rel]
            if target_layer not in allowed(table, layer):
                problems.append(f'{rel}:{number}: includes "{target}" of layer "{target_layer}", which layer "{layer}" '
                                f'may not include (app/layers.txt: {layer}: {" ".join(sorted(table.get(layer, [])))})')
            if os.path.basename(target) == 'MainWindow.h' and layer != 'ui/window':
                problems.append(f'{rel}:{number}: includes the main window; only ui/window/ may (panels never include it)')
            target_component = os.path.splitext(target_rel)[0]
            if target_component != component:
                edges.add(target_component)
    problems.extend(component_cycles(components))
    return problems


def component_cycles(graph):
    """One message per set of components that include each other in a cycle (Tarjan's SCC)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append('include cycle between ' + ', '.join(sorted(group)))

    sys.setrecursionlimit(10000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def planted(root, edit):
    """A copy of app/ and ui/ with edit(copy_root) applied; returns the copy's violations."""
    with tempfile.TemporaryDirectory(prefix='promptgrid-layering-') as copy:
        for folder in ('app', 'ui'):
            shutil.copytree(os.path.join(root, folder), os.path.join(copy, folder))
        edit(copy)
        return check(copy)


def append(path, text):
    with open(path, 'a', encoding='utf-8') as f:
        f.write(text)


def self_test(root):
    """Each planted fault must be caught, naming what was planted."""
    failures = []
    cases = [
        ('a wrong-way include (model -> engine)',
         lambda c: append(os.path.join(c, 'app', 'model', 'CellStatus.h'), '#include "Scheduler.h"\n'),
         'app/model/CellStatus.h'),
        ('a wrong-way include (judging -> engine)',
         lambda c: append(os.path.join(c, 'app', 'judging', 'ColumnStats.cpp'), '#include "Scheduler.h"\n'),
         'app/judging/ColumnStats.cpp'),
        ('a sideways include (history -> export, both layer 2)',
         lambda c: append(os.path.join(c, 'app', 'history', 'HistoryDatabase.cpp'), '#include "ExportJob.h"\n'),
         'app/history/HistoryDatabase.cpp'),
        ('an include cycle inside a layer (ResultGrid <-> StaticGrid)',
         lambda c: append(os.path.join(c, 'app', 'model', 'ResultGrid.cpp'), '#include "StaticGrid.h"\n'),
         'include cycle'),
        ('a table that is not closed (providers without model)',
         lambda c: rewrite(os.path.join(c, 'app', 'layers.txt'), 'providers: wire model util', 'providers: wire util'),
         'layer "providers" may include "wire" but not what "wire" may include: model'),
        ('a cycle between folders in the table',
         lambda c: rewrite(os.path.join(c, 'app', 'layers.txt'), 'util:\n', 'util: model\n'),
         'a cycle between folders'),
        ('a panel including the main window (ui/judging -> MainWindow.h)',
         lambda c: append(os.path.join(c, 'ui', 'judging', 'DiffView.cpp'), '#include "MainWindow.h"\n'),
         'ui/judging/DiffView.cpp:'),
        ('a panel including the main window, even where the table would allow it',
         lambda c: (rewrite(os.path.join(c, 'app', 'layers.txt'), 'ui/export:\n', 'ui/export: ui/window\n'),
                    append(os.path.join(c, 'ui', 'export', 'ExportDialog.cpp'), '#include "MainWindow.h"\n')),
         'includes the main window'),
        ('a wrong-way include between ui folders (ui/grid -> ui/comparison)',
         lambda c: append(os.path.join(c, 'ui', 'grid', 'CellDelegate.cpp'), '#include "ComparisonEditor.h"\n'),
         'ui/grid/CellDelegate.cpp'),
        ('a cycle between ui folders in the table',
         lambda c: rewrite(os.path.join(c, 'app', 'layers.txt'), 'ui/export:\n', 'ui/export: ui/comparison\n'),
         'layer "ui/export" may include itself through others'),
        ('an include cycle between ui components (ComparisonEditor <-> PromptListWidget)',
         lambda c: append(os.path.join(c, 'ui', 'comparison', 'PromptListWidget.h'), '#include "ComparisonEditor.h"\n'),
         'include cycle between ui/comparison/'),
        ('a ui file in no folder',
         lambda c: append(os.path.join(c, 'ui', 'Stray.cpp'), '// nothing\n'),
         'ui/Stray.cpp: directly in ui/'),
        ('a ui folder without a line in the table',
         lambda c: (os.makedirs(os.path.join(c, 'ui', 'extra')), append(os.path.join(c, 'ui', 'extra', 'Extra.cpp'), '// nothing\n')),
         'folder "ui/extra" is not a layer'),
    ]
    for what, edit, expected in cases:
        problems = planted(root, edit)
        if not any(expected in p for p in problems):
            failures.append(f'self-test: {what} was not caught (found: {problems or "nothing"})')
        else:
            print(f'self-test: {what}: caught')
    return failures


def rewrite(path, old, new):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    if old not in text:
        raise SystemExit(f'self-test: "{old.strip()}" is not in {path}')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text.replace(old, new))


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    root = os.path.abspath(sys.argv[1])
    problems = check(root)
    for problem in problems:
        print(problem)
    if not problems:
        print(f'layering: every include of {len(source_files(root))} files in app/ and ui/ keeps app/layers.txt')
    if '--self-test' in sys.argv[2:]:
        failures = self_test(root)
        for failure in failures:
            print(failure)
        problems += failures
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
