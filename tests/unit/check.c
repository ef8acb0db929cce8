/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "check.h"

int check_passed, check_failed;

int check_summary(const char *suite)
{
    printf("%s: %d passed, %d failed\n", suite, check_passed, check_failed);
    return check_failed == 0 && check_passed > 0 ? 0 : 1;
}
