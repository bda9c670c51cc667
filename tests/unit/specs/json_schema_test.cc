#include "specs/json_schema.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "specs/kinds.h"

namespace deskops::specs {
namespace {

using nlohmann::json;

json Export(std::optional<std::string_view> kind = std::nullopt) {
  auto text = ExportJsonSchema(kind);
  EXPECT_TRUE(text.ok());
  return json::parse(*text);
}

TEST(JsonSchemaTest, CombinedSchemaDispatchesOnKind) {
  json s = Export();
  EXPECT_EQ(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(s["properties"]["kind"]["enum"].size(), Kinds().size());
  ASSERT_EQ(s["allOf"].size(), Kinds().size());
  for (const auto& k : Kinds()) {
    SCOPED_TRACE(std::string(k.name));
    EXPECT_TRUE(s["$defs"].contains(std::string(k.name)));
  }
  EXPECT_EQ(s["allOf"][0]["then"]["$ref"], "#/$defs/" + std::string(Kinds().front().name))
      << "one branch per kind, in the registry's order";
}

TEST(JsonSchemaTest, RulesAreExported) {
  json d = Export("Desktop");
  const json& spec = d["properties"]["spec"];
  EXPECT_EQ(d["additionalProperties"], false);
  EXPECT_EQ(spec["additionalProperties"], false);
  EXPECT_EQ(spec["required"], json({"productId", "imageId", "rootVolume"}));
  const json& name = d["properties"]["metadata"]["properties"]["name"];
  EXPECT_EQ(name["maxLength"], 15);
  EXPECT_EQ(name["pattern"], "^(?:[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)$") << "anchored";
  const json& size = spec["properties"]["rootVolume"]["properties"]["size"];
  EXPECT_EQ(size["minimum"], 80);
  EXPECT_EQ(size["maximum"], 32760);
  EXPECT_EQ(size["multipleOf"], 10);
  EXPECT_EQ(spec["properties"]["dataVolumes"]["maxItems"], 10);
  EXPECT_EQ(spec["properties"]["tags"]["maxProperties"], 9);
  EXPECT_EQ(spec["properties"]["desktopType"]["default"], "DEDICATED");
  EXPECT_EQ(spec["properties"]["powerState"]["enum"], json({"running", "stopped", "hibernated"}));
}

TEST(JsonSchemaTest, PasswordSourceIsExactlyOne) {
  json u = Export("User");
  const json& from = u["properties"]["spec"]["properties"]["passwordFrom"];
  EXPECT_EQ(from["oneOf"], json({{{"required", {"env"}}}, {{"required", {"file"}}}}));
  EXPECT_FALSE(u["properties"]["spec"]["properties"].contains("password"));
}

TEST(JsonSchemaTest, WireNamesAndReferencesAreAnnotated) {
  json d = Export("Desktop");
  const json& props = d["properties"]["spec"]["properties"];
  EXPECT_EQ(props["productId"]["x-deskops-wire"], "product_id");
  EXPECT_EQ(props["desktopIp"]["x-deskops-wire"], "desktop_ips") << "an explicit Wire()";
  EXPECT_FALSE(props["vpcId"].contains("x-deskops-wire")) << "NoWire()";
  EXPECT_FALSE(props["powerState"].contains("x-deskops-wire"));
  EXPECT_EQ(props["userName"]["x-deskops-ref"], "User");
  EXPECT_FALSE(props["productId"].contains("x-deskops-ref"));
  EXPECT_EQ(props["eip"]["properties"]["chargeMode"]["x-deskops-wire"], "charge_mode")
      << "nested wire names are relative to their parent";
  const json& disks = props["dataVolumes"];
  EXPECT_EQ(disks["x-deskops-unique-by"], "name");
  EXPECT_FALSE(disks.contains("uniqueItems"));
  EXPECT_FALSE(disks["items"]["properties"]["name"].contains("x-deskops-wire"));
  EXPECT_FALSE(d["properties"]["spec"].contains("x-deskops-wire")) << "envelope fields";
  EXPECT_FALSE(d["properties"]["metadata"]["properties"]["labels"].contains("x-deskops-wire"));

  json g = Export("PolicyGroup");
  const json& usb = g["properties"]["spec"]["properties"]["policies"]["properties"]["peripherals"]
                     ["properties"]["usbPortRedirection"];
  EXPECT_EQ(usb["x-deskops-wire"], "usb_port_redirection");
  json p = Export("DesktopPool");
  EXPECT_EQ(p["properties"]["spec"]["properties"]["desktopNamePolicy"]["x-deskops-ref"],
            "DesktopNamePolicy");
  EXPECT_EQ(p["properties"]["spec"]["properties"]["subnetIds"]["uniqueItems"], true);
}

TEST(JsonSchemaTest, UnknownKind) {
  auto r = ExportJsonSchema("Server");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), core::StatusCode::kNotFound);
}

}  // namespace
}  // namespace deskops::specs
