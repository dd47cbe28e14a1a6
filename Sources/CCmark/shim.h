#ifndef LEARNING_HUB_CCMARK_SHIM_H
#define LEARNING_HUB_CCMARK_SHIM_H
#include <cmark.h>
#endif
