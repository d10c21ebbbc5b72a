// The whole C surface Kennis uses: LMDB's own header, from liblmdb-dev.
#include <lmdb.h>
