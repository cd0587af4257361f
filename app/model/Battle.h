// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

/// One blind arena battle: the answers of two columns to one row (and sample), shown side by
/// side. Left and right are part of the battle: the same pair shown the other way round is
/// another battle, which is how the arena measures position bias. Its fields are its key.
struct Battle {
    int row = 0;
    int sample = 0;
    int left = 0;  ///< the real column shown on the left
    int right = 0; ///< the real column shown on the right

    bool operator==(const Battle &other) const = default;
};
