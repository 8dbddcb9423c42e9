/* bc_jni.h — glue-only helpers compiled into the JNI library next to BcNative's generated code.
 * Flow: BcNative (Java) -> JavaCPP JNI glue (this header + bc.h) -> the static bc_kernels archive. */
#ifndef BC_JNI_H
#define BC_JNI_H

#include <dlfcn.h>
#include <stdint.h>

#include "bc.h"

/* Address of a direct buffer at its position: JavaCPP resolves a Buffer argument to exactly that,
 * so one call gives Java a raw address for the struct fields without allocating Pointer objects. */
static inline intptr_t bc_jni_address(const void* p) { return (intptr_t)p; }

/* 1 when this JNI library defines the exported symbol `name`. The JNI library links the static
 * archive without -z defs, so a kernel missing from an older or partial native build would only fail
 * (killing the JVM) on its first call; Java asks here first and reports the backend unavailable. */
static inline int32_t bc_jni_has(const char* name) {
  Dl_info info;
  if (!dladdr((void*)&bc_jni_has, &info) || info.dli_fname == NULL) return 0;
  void* self = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
  if (self == NULL) return 0;
  void* sym = dlsym(self, name);
  dlclose(self);
  return sym != NULL;
}

#endif /* BC_JNI_H */
