// SPDX-License-Identifier: MIT
#include "Comparison.h"

#include "TemplateRenderer.h"

RequestLimits ComparisonSettings::applyTo(RequestLimits base) const
{
    if (timeoutSeconds > 0) {
        base.totalTimeoutMs = timeoutSeconds * 1000;
        base.firstByteTimeoutMs = std::min(base.firstByteTimeoutMs, base.totalTimeoutMs);
        base.idleTimeoutMs = std::min(base.idleTimeoutMs, base.totalTimeoutMs);
        base.connectTimeoutMs = std::min(base.connectTimeoutMs, base.totalTimeoutMs);
    }
    if (retries > 0)
        base.maxAttempts = retries;
    return base;
}

QString Comparison::rowLabel(int promptIndex, const QString &name, int testCase)
{
    QString label = QStringLiteral("#%1").arg(promptIndex + 1);
    if (!name.isEmpty())
        label += QLatin1Char(' ') + name;
    if (testCase >= 0)
        label += QStringLiteral(" · case %1").arg(testCase + 1);
    return label;
}

std::optional<RunPlan> Comparison::buildPlan(QString *error) const
{
    RunPlan plan;
    plan.columns = models;
    plan.samples = std::max(1, settings.repeats);
    // The scheduler sends a column's system override as it is, so it cannot be a template.
    for (qsizetype c = 0; c < models.size(); ++c) {
        const auto &override = models.at(c).params.systemOverride;
        if (override && TemplateRenderer::hasPlaceholders(*override)) {
            *error = QStringLiteral("model \"%1\": its system prompt override cannot use {{%2}}; "
                                    "use variables in the prompt or the comparison's system prompt")
                         .arg(models.at(c).displayName(), TemplateRenderer::placeholders(*override).first());
            return std::nullopt;
        }
    }
    const int cases = variables.rowCount();
    for (qsizetype p = 0; p < prompts.size(); ++p) {
        const ComparisonPrompt &prompt = prompts.at(p);
        const QString systemTemplate = prompt.system.value_or(system);
        for (int t = cases > 0 ? 0 : -1; t < cases; ++t) {
            const QHash<QString, QString> values = variables.rowValues(t);
            RunRow row;
            row.promptIndex = int(p);
            row.testCase = t;
            row.label = rowLabel(int(p), prompt.name, t);
            row.variables = variables.orderedRowValues(t);
            QString missing;
            const bool promptOk = TemplateRenderer::render(prompt.text, values, &row.prompt, &missing);
            if (!promptOk || !TemplateRenderer::render(systemTemplate, values, &row.system, &missing)) {
                const QString where = promptOk ? QStringLiteral("the system prompt of prompt #%1").arg(p + 1)
                                               : QStringLiteral("prompt #%1").arg(p + 1);
                if (t < 0)
                    *error = QStringLiteral("%1 uses the variable \"%2\" but there are no test cases to fill it")
                                 .arg(where, missing);
                else
                    *error = QStringLiteral("%1 uses the variable \"%2\", which test case %3 does not define")
                                 .arg(where, missing)
                                 .arg(t + 1);
                return std::nullopt;
            }
            plan.rows.append(row);
        }
    }
    return plan;
}

std::vector<CellResult> Comparison::resultsFor(const RunPlan &plan) const
{
    std::vector<CellResult> cells(size_t(plan.cellCount()));
    const qsizetype columns = plan.columns.size();
    for (const SavedCell &saved : results) {
        if (saved.row < 0 || saved.row >= plan.rows.size() || saved.column < 0 || saved.column >= columns
            || saved.sample < 0 || saved.sample >= plan.samples)
            continue;
        cells[size_t((saved.row * columns + saved.column) * plan.samples + saved.sample)] = saved.result;
    }
    return cells;
}

void Comparison::setResults(const RunPlan &plan, const std::vector<CellResult> &cells)
{
    results.clear();
    const int columns = int(plan.columns.size());
    const int samples = std::max(1, plan.samples);
    if (columns == 0)
        return;
    for (size_t i = 0; i < cells.size(); ++i) {
        const int index = int(i);
        results.append(SavedCell{index / (columns * samples), (index / samples) % columns, index % samples, cells[i]});
    }
}
