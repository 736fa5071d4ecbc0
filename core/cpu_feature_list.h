#pragma once
// name (as __builtin_cpu_supports spells it), bit, and whether the compiler of this translation unit
// may emit it (1/0 from its predefined macro).
#ifdef __SSE3__
#define FFW_HAS_SSE3 1
#else
#define FFW_HAS_SSE3 0
#endif
#ifdef __SSSE3__
#define FFW_HAS_SSSE3 1
#else
#define FFW_HAS_SSSE3 0
#endif
#ifdef __SSE4_1__
#define FFW_HAS_SSE4_1 1
#else
#define FFW_HAS_SSE4_1 0
#endif
#ifdef __SSE4_2__
#define FFW_HAS_SSE4_2 1
#else
#define FFW_HAS_SSE4_2 0
#endif
#ifdef __POPCNT__
#define FFW_HAS_POPCNT 1
#else
#define FFW_HAS_POPCNT 0
#endif
#ifdef __AVX__
#define FFW_HAS_AVX 1
#else
#define FFW_HAS_AVX 0
#endif
#ifdef __AVX2__
#define FFW_HAS_AVX2 1
#else
#define FFW_HAS_AVX2 0
#endif
#ifdef __FMA__
#define FFW_HAS_FMA 1
#else
#define FFW_HAS_FMA 0
#endif
#ifdef __BMI2__
#define FFW_HAS_BMI2 1
#else
#define FFW_HAS_BMI2 0
#endif
#ifdef __AVX512F__
#define FFW_HAS_AVX512F 1
#else
#define FFW_HAS_AVX512F 0
#endif
#ifdef __AVX512BW__
#define FFW_HAS_AVX512BW 1
#else
#define FFW_HAS_AVX512BW 0
#endif
#ifdef __AVX512VL__
#define FFW_HAS_AVX512VL 1
#else
#define FFW_HAS_AVX512VL 0
#endif
#ifdef __AVX512DQ__
#define FFW_HAS_AVX512DQ 1
#else
#define FFW_HAS_AVX512DQ 0
#endif
#ifdef __AVX512VNNI__
#define FFW_HAS_AVX512VNNI 1
#else
#define FFW_HAS_AVX512VNNI 0
#endif
#ifdef __AVX512BF16__
#define FFW_HAS_AVX512BF16 1
#else
#define FFW_HAS_AVX512BF16 0
#endif
#ifdef __AVX512VBMI__
#define FFW_HAS_AVX512VBMI 1
#else
#define FFW_HAS_AVX512VBMI 0
#endif

#define FFW_CPU_FEATURES                            \
  FFW_FEATURE("sse3", 0, FFW_HAS_SSE3)              \
  FFW_FEATURE("ssse3", 1, FFW_HAS_SSSE3)            \
  FFW_FEATURE("sse4.1", 2, FFW_HAS_SSE4_1)          \
  FFW_FEATURE("sse4.2", 3, FFW_HAS_SSE4_2)          \
  FFW_FEATURE("popcnt", 4, FFW_HAS_POPCNT)          \
  FFW_FEATURE("avx", 5, FFW_HAS_AVX)                \
  FFW_FEATURE("avx2", 6, FFW_HAS_AVX2)              \
  FFW_FEATURE("fma", 7, FFW_HAS_FMA)                \
  FFW_FEATURE("bmi2", 8, FFW_HAS_BMI2)              \
  FFW_FEATURE("avx512f", 9, FFW_HAS_AVX512F)        \
  FFW_FEATURE("avx512bw", 10, FFW_HAS_AVX512BW)     \
  FFW_FEATURE("avx512vl", 11, FFW_HAS_AVX512VL)     \
  FFW_FEATURE("avx512dq", 12, FFW_HAS_AVX512DQ)     \
  FFW_FEATURE("avx512vnni", 13, FFW_HAS_AVX512VNNI) \
  FFW_FEATURE("avx512bf16", 14, FFW_HAS_AVX512BF16) \
  FFW_FEATURE("avx512vbmi", 15, FFW_HAS_AVX512VBMI)
