#pragma once
// Whether this test binary runs under ASan or TSan. Their allocators keep freed memory for a while
// (ASan's quarantine), so resident-memory bounds measured by a test do not hold there; the leak
// checkers cover the same code instead.

namespace test {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitizedBuild = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr bool kSanitizedBuild = true;
#else
inline constexpr bool kSanitizedBuild = false;
#endif
#else
inline constexpr bool kSanitizedBuild = false;
#endif

}  // namespace test
