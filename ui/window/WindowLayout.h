// SPDX-License-Identifier: MIT
#pragma once

#include <QRect>

/// Where the window and its panels go, as functions of the screen's available area and the
/// panels' minimum widths, so that the first launch and a restart lay out alike and the
/// sizing can be tested for any screen.
class WindowLayout
{
public:
    /// The grid's share of the splitter's width when the panels have their default widths.
    static constexpr double kGridShare = 2.0 / 3.0;

    /// Side panel widths in the main splitter; 0 means collapsed.
    struct Panels {
        int composer = 0;
        int detail = 0;
        bool operator==(const Panels &other) const = default;
    };

    /// The first window's frame (title bar and borders included) on a screen whose available
    /// area is \a available: the whole area on small screens, most of it on large ones.
    static QRect initialFrame(const QRect &available);
    /// Whether the first window opens maximized there (screens up to 1920 wide or 1200 high).
    static bool opensMaximized(const QRect &available);
    /// \a frame moved, and shrunk if need be, so that all of it lies inside \a available.
    static QRect clampFrame(const QRect &frame, const QRect &available);

    /// The default side panel widths for a splitter \a width wide whose handles take
    /// \a handles pixels: the grid gets at least kGridShare; the composer is kept before the
    /// detail pane, and a panel whose minimum does not fit its share is collapsed.
    static Panels defaultPanels(int width, int handles, int composerMinimum, int detailMinimum);
    /// The width a panel opens at when the user shows it: its default, at least its minimum.
    static int preferredComposerWidth(int composerMinimum);
    static int preferredDetailWidth(int detailMinimum);
    /// \a saved (the user's widths) when they leave the grid at least half of \a width,
    /// otherwise the default widths with the same panels open.
    static Panels fitPanels(const Panels &saved, int width, int handles, int composerMinimum, int detailMinimum);
};
