#ifndef SLAREPORT_CLIBXML2_SHIM_H
#define SLAREPORT_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU; its headers then pull in ICU's UErrorCode, which
// clashes with Foundation's in any module that imports both. We use no ICU API.
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <libxml/xmlerror.h>

#endif
