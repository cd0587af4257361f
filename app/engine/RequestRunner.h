// SPDX-License-Identifier: MIT
#pragma once

#include <QCoroTask>

#include <memory>

class ActiveRequest;

/// Runs one cell's request to the end: attempts, retries, streaming, settling.
/// The coroutine keeps \a request alive and touches nothing else that could die.
QCoro::Task<> runRequest(std::shared_ptr<ActiveRequest> request);
