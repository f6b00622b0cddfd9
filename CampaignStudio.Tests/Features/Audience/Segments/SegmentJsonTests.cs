using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Shared;
using static CampaignStudio.Tests.Features.Audience.Segments.Rules;

namespace CampaignStudio.Tests.Features.Audience.Segments;

public sealed class SegmentJsonTests
{
    private const string DealerExampleJson =
        """{"version":1,"root":{"operator":"and","negate":false,"rules":[""" +
        """{"type":"tag","operator":"hasTag","tags":["dealer"]},""" +
        """{"type":"field","field":"region","operator":"equals","value":"Maharashtra"},""" +
        """{"type":"event","event":"lifting","aggregate":"sum","property":"mt","window":{"inLast":{"amount":90,"unit":"days"}},"operator":"gt","value":100},""" +
        """{"type":"consent","channel":"whatsApp","status":"granted"}]}}""";

    private static SegmentDefinition DealerExample() => All(
        Tag("dealer"),
        Field("region", RuleOperator.EqualTo, "Maharashtra"),
        SumInLastDays("lifting", "mt", 90, RuleOperator.Gt, 100),
        Consent(Channel.WhatsApp, ConsentStatus.Granted));

    [Fact]
    public void Serialize_DealerExample_IsCamelCaseWithTypeAndEnumNames()
    {
        Assert.Equal(DealerExampleJson, SegmentJson.Serialize(DealerExample()));
    }

    [Fact]
    public void RoundTrip_EveryNodeKind_KeepsTheRules()
    {
        var definition = All(
            DealerExample().Root,
            Not(Or(
                Json("""{"type":"customField","key":"tonnage","operator":"between","from":10.5,"to":"20"}"""),
                Json("""{"type":"field","field":"city","operator":"notIn","values":["Pune","Nashik"]}"""),
                Json("""{"type":"field","field":"createdAt","operator":"inLast","amount":2,"unit":"weeks"}"""),
                Json("""{"type":"customField","key":"is_active","operator":"isTrue"}"""),
                Json("""{"type":"reachable","channel":"push"}"""),
                Json("""{"type":"event","event":"purchase","aggregate":"last","window":{"from":"2026-01-01","to":"2026-03-31"},"operator":"never"}"""),
                Json("""{"type":"engagement","kind":"clicked","campaignId":12,"window":{"inLast":{"amount":1,"unit":"months"}}}"""),
                Json("""{"type":"engagement","kind":"clicked","negate":true,"campaignId":12,"linkIndex":1,"window":{"from":"2026-05-01","to":"2026-05-31"}}"""))));

        var json = SegmentJson.Serialize(definition);
        var back = SegmentJson.Deserialize(json);

        Assert.Equal(json, SegmentJson.Serialize(back));
        var or = Assert.IsType<RuleGroup>(back.Root.Rules[1]);
        Assert.True(or.Negate);
        Assert.Equal(GroupOperator.Or, or.Operator);
        var between = Assert.IsType<CustomFieldCondition>(or.Rules[0]);
        Assert.Equal(RuleValue.Of(10.5m), between.From);
        Assert.Equal(RuleValue.Of("20"), between.To);
        Assert.Equal(new DateOnly(2026, 3, 31), Assert.IsType<EventCondition>(or.Rules[5]).Window!.To);
        Assert.Equal(EngagementKind.Clicked, Assert.IsType<EngagementCondition>(or.Rules[6]).Kind);
        var didNotClick = Assert.IsType<EngagementCondition>(or.Rules[7]);
        Assert.Equal((true, 12, 1, new DateOnly(2026, 5, 1)), (didNotClick.Negate, didNotClick.CampaignId!.Value, didNotClick.LinkIndex!.Value, didNotClick.Window!.From!.Value));
    }

    [Fact]
    public void Serialize_EngagementThatHappened_WritesNoNegateOrLink_SoEarlierRulesKeepTheirJson()
    {
        var json = SegmentJson.Serialize(Where(new EngagementCondition { Kind = EngagementKind.Opened }));

        Assert.Equal("""{"version":1,"root":{"operator":"and","negate":false,"rules":[{"type":"engagement","kind":"opened"}]}}""", json);
    }

    [Fact]
    public void Deserialize_HandWrittenJsonWithTypeNotFirst_Reads()
    {
        var definition = SegmentJson.Deserialize("""
            { "root": { "rules": [ { "field": "region", "operator": "equals", "value": "Goa", "type": "field" } ] }, "version": 1 }
            """);

        var condition = Assert.IsType<FieldCondition>(Assert.Single(definition.Root.Rules));
        Assert.Equal(GroupOperator.And, definition.Root.Operator);
        Assert.Equal("Goa", condition.Value!.Text);
    }

    [Theory]
    [InlineData("""{"version":1,"root":{"rules":[{"type":"field","field":"region","operator":"resembles","value":"Goa"}]}}""", "root.rules[0].operator")]
    [InlineData("""{"version":1,"root":{"rules":[{"type":"field","field":"region","opertor":"equals"}]}}""", "root.rules[0].opertor")]
    [InlineData("""{"version":1,"root":{"rules":[{"type":"postcode","value":"411001"}]}}""", "root.rules[0]")]
    [InlineData("""{"version":1,"root":{"rules":[{"type":"field","field":"region","operator":"equals","value":{"nested":1}}]}}""", "root.rules[0].value")]
    public void Deserialize_UnreadableRules_FailWithWhereTheyFailed(string json, string path)
    {
        var failed = Assert.Throws<ValidationFailedException>(() => SegmentJson.Deserialize(json));

        Assert.StartsWith(path, Assert.Single(failed.Errors.Keys));
    }
}
