# BcSimd.cmake — per-file ISA flags: only *_avx2.cpp files see -mavx2 -mfma -mf16c (faiss's lesson:
# an ISA-flagged translation unit may auto-vectorise "scalar" code and crash on older CPUs).
function(bc_isa_sources out_var)
  set(result)
  foreach(src ${ARGN})
    if(src MATCHES "_avx2\\.cpp$")
      # -mfma only enables the instructions; -ffp-contract=off still forbids contracting a*b+c.
      set_source_files_properties(${src} PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma;-mf16c")
    endif()
    list(APPEND result ${src})
  endforeach()
  set(${out_var} ${result} PARENT_SCOPE)
endfunction()
