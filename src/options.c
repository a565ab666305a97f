/* Placeholder: the config area replaces this with the option table. */
#include "tidende/options.h"

void
options_init(void)
{
}

void
options_free(void)
{
}
