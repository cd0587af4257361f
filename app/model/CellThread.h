// SPDX-License-Identifier: MIT
#pragma once

#include "CellSpec.h"
#include "CellTurn.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

/// A cell's own thread in "Own thread" mode: the turns before the one the grid shows, and what
/// that latest turn asks. A cell that has answered once has no earlier turns.
struct CellThread {
    QList<CellTurn> earlier; ///< turns 1..n-1, oldest first
    CellSpec latest;         ///< what turn n asks (meaningful when earlier is not empty)

    bool isEmpty() const { return earlier.isEmpty(); }
    /// 1 for the first answer.
    int latestTurn() const { return int(earlier.size()) + 1; }

    /// The history's form of the thread: earlier turns (what was sent and what came back) and
    /// what the latest turn sent; the cell's latest result is stored with the cell itself.
    /// \a base is the cell's first-turn spec from the plan: only what a turn adds to it is written.
    QByteArray toJson(const CellSpec &base) const;
    /// Reads what toJson() wrote onto \a base (the cell's first-turn spec from the plan: row,
    /// column, sample and model come from there); nullopt with \a error when it is not a thread.
    static std::optional<CellThread> fromJson(const QByteArray &json, const CellSpec &base, QString *error);

private:
    /// What a turn sent beyond \a base: its prompt and the messages its thread added.
    static void writeSpecJson(const CellSpec &spec, const CellSpec &base, QJsonObject *object);
    static bool readSpecJson(const QJsonObject &object, const CellSpec &base, const QString &where, CellSpec *spec,
                             QString *error);
};
