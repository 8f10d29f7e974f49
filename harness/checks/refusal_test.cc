#include "harness/checks/refusal.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cldcert {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(StackTraces, RecognisesCommonRuntimes) {
  EXPECT_TRUE(looks_like_stack_trace("Error: x\n    at Foo (file.js:1:2)\n"));
  EXPECT_TRUE(looks_like_stack_trace("Error: x\n    at file:///a/b.mjs:10:5"));
  EXPECT_TRUE(looks_like_stack_trace("Traceback (most recent call last):\n  File \"a.py\", line 1\n"));
  EXPECT_TRUE(looks_like_stack_trace("panic: runtime error\n\ngoroutine 1 [running]:\n"));
  EXPECT_TRUE(looks_like_stack_trace("Exception in thread \"main\" java.lang.RuntimeException\n\tat A.b(A.java:3)\n"));
  EXPECT_FALSE(looks_like_stack_trace("error: Cloudinary upload failed (HTTP 403): Permission denied\n"));
  EXPECT_FALSE(looks_like_stack_trace("look at this: 1:2\n"));
  EXPECT_FALSE(looks_like_stack_trace(""));
  EXPECT_FALSE(looks_like_stack_trace(std::string(100000, ' ') + "at a (b.js:1:2)"));
}

TEST(RefusalMessage, ACleanRefusalHasNoProblem) {
  StepRecord step;
  step.exit_code = 3;
  step.stderr_text = "error: the integration is disabled; enable it in Settings > Cloudinary\n";
  EXPECT_TRUE(refusal_message_problems(step).empty());
  step.stderr_text = " \n\t";
  EXPECT_THAT(refusal_message_problems(step), ElementsAre("printed no message on stderr"));
  step.stderr_text = "TypeError: x is undefined\n    at upload (/app/cli.js:12:5)\n";
  EXPECT_THAT(refusal_message_problems(step), ElementsAre(HasSubstr("crashed with a stack trace")));
}

}  // namespace
}  // namespace cldcert
