#include "core/status.h"

#include <gtest/gtest.h>

#include "core/status_or.h"

namespace deskops::core {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(StatusTest, OkCodeWithMessageIsOk) {
  EXPECT_TRUE(Status(StatusCode::kOk, "ignored").ok());
}

TEST(StatusTest, FactoriesSetCodeAndMessage) {
  struct Case {
    Status status;
    StatusCode code;
    std::string text;
  };
  const Case cases[] = {
      {Status::NotFound("desktop d1"), StatusCode::kNotFound, "NOT_FOUND: desktop d1"},
      {Status::InvalidArgument("bad"), StatusCode::kInvalidArgument, "INVALID_ARGUMENT: bad"},
      {Status::Unavailable("busy"), StatusCode::kUnavailable, "UNAVAILABLE: busy"},
      {Status::DeadlineExceeded("slow"), StatusCode::kDeadlineExceeded, "DEADLINE_EXCEEDED: slow"},
      {Status::Unauthenticated("sig"), StatusCode::kUnauthenticated, "UNAUTHENTICATED: sig"},
      {Status::DataLoss("torn"), StatusCode::kDataLoss, "DATA_LOSS: torn"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_FALSE(c.status.ok());
    EXPECT_EQ(c.status.code(), c.code);
    EXPECT_EQ(c.status.ToString(), c.text);
  }
}

TEST(StatusTest, AnnotateBuildsCausalChainAndKeepsApiError) {
  Status s = Status::ResourceExhausted("WKS.0106: insufficient quota").WithApiError(400, "WKS.0106");
  Status a = s.Annotate("create desktop eng-01");
  EXPECT_EQ(a.message(), "create desktop eng-01: WKS.0106: insufficient quota");
  EXPECT_EQ(a.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(a.http_status(), 400);
  EXPECT_EQ(a.api_code(), "WKS.0106");
  EXPECT_EQ(s.message(), "WKS.0106: insufficient quota") << "the original is unchanged";
}

TEST(StatusTest, AnnotateAndApiErrorLeaveOkAlone) {
  EXPECT_TRUE(Status().Annotate("context").ok());
  EXPECT_TRUE(Status().WithApiError(500, "X").ok());
}

TEST(StatusTest, Equality) {
  EXPECT_EQ(Status::NotFound("a"), Status::NotFound("a"));
  EXPECT_FALSE(Status::NotFound("a") == Status::NotFound("b"));
  EXPECT_FALSE(Status::NotFound("a") == Status::Internal("a"));
  EXPECT_FALSE(Status::NotFound("a") == Status::NotFound("a").WithApiError(404, "WKS.0001"));
}

StatusOr<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidArgument("odd");
  return x / 2;
}

Status Quarter(int x, int& out) {
  DESKOPS_ASSIGN_OR_RETURN(int half, Half(x));
  DESKOPS_ASSIGN_OR_RETURN(out, Half(half));
  return Status::Ok();
}

Status Chain(bool fail) {
  DESKOPS_RETURN_IF_ERROR(fail ? Status::Aborted("stop") : Status::Ok());
  return Status::Internal("reached the end");
}

TEST(StatusOrTest, ValueAndError) {
  StatusOr<int> good = Half(8);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 4);
  StatusOr<int> bad = Half(3);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.value_or(-1), -1);
}

TEST(StatusOrTest, OkStatusWithoutValueBecomesInternal) {
  StatusOr<int> s{Status::Ok()};
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInternal);
}

TEST(StatusOrTest, Macros) {
  int out = 0;
  EXPECT_TRUE(Quarter(8, out).ok());
  EXPECT_EQ(out, 2);
  EXPECT_EQ(Quarter(6, out).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Chain(true).code(), StatusCode::kAborted);
  EXPECT_EQ(Chain(false).code(), StatusCode::kInternal);
}

TEST(StatusOrDeathTest, ValueOfErrorAborts) {
  StatusOr<int> bad = Half(1);
  EXPECT_DEATH((void)bad.value(), "value of an error StatusOr: INVALID_ARGUMENT: odd");
}

}  // namespace
}  // namespace deskops::core
