// SPDX-License-Identifier: MIT
#pragma once

#include "ProviderConfig.h"
#include "WireProtocol.h"

#include <memory>

/// Picks the wire format of a provider kind. Kept apart from WireProtocol so that the base
/// class does not include the four formats that derive from it.
class ProtocolFactory
{
public:
    /// The protocol for \a kind; nullptr for Demo, which does not use the network.
    static std::unique_ptr<WireProtocol> create(ProviderKind kind);
};
