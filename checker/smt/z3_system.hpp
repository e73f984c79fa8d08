#pragma once
// The one place that includes z3++.h, marked as a system header so that warnings inside Z3's
// own headers do not fail our -Werror build. Only z3_adapter.cpp may include this file.
#pragma GCC system_header
#include <z3++.h>
