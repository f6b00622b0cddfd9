using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Shared;
using static CampaignStudio.Tests.Features.Audience.Segments.Rules;

namespace CampaignStudio.Tests.Features.Audience.Segments;

public sealed class SegmentValidatorTests
{
    private static readonly DateTime Now = SegmentWorld.Now;

    private static readonly IReadOnlyList<CustomFieldDefinition> Fields =
    [
        new("tonnage", "Tonnage", CustomFieldType.Number, false, null, Now),
        new("dealer_tier", "Dealer tier", CustomFieldType.Choice, false, ["gold", "silver", "bronze"], Now),
        new("joined_on", "Joined on", CustomFieldType.Date, false, null, Now),
        new("is_active", "Active", CustomFieldType.Boolean, false, null, Now),
    ];

    private static IReadOnlyDictionary<string, string[]> ErrorsOf(SegmentDefinition definition) =>
        Assert.Throws<ValidationFailedException>(() => new SegmentValidator().Validate(definition, Fields)).Errors;

    private static IReadOnlyDictionary<string, string[]> ErrorsOf(string conditionJson) => ErrorsOf(Where(Json(conditionJson)));

    [Fact]
    public void Validate_DealerExample_Passes()
    {
        new SegmentValidator().Validate(All(
            Tag("dealer"),
            Field("region", RuleOperator.EqualTo, "Maharashtra"),
            SumInLastDays("lifting", "mt", 90, RuleOperator.Gt, 100),
            Consent(Channel.WhatsApp, ConsentStatus.Granted)), Fields);
    }

    [Fact]
    public void Validate_WrongOperatorForType_SaysWhichOperatorsApplyAtItsPath()
    {
        var errors = ErrorsOf(All(Tag("dealer"), Or(Json("""{"type":"customField","key":"tonnage","operator":"contains","value":"5"}"""))));

        var message = Assert.Single(errors["root.rules[1].rules[0].operator"]);
        Assert.Equal("'contains' does not apply to the number field 'Tonnage'; use =, ≠, >, ≥, <, ≤, between, is set or is empty.", message);
    }

    [Fact]
    public void Validate_UnknownFieldAndCustomField_AreReportedTogether()
    {
        var errors = ErrorsOf(All(
            Field("postcode", RuleOperator.EqualTo, "411001"),
            Json("""{"type":"customField","key":"credit_limit","operator":"gt","value":5}""")));

        Assert.Equal(["root.rules[0].field", "root.rules[1].key"], errors.Keys.Order());
        Assert.StartsWith("'postcode' is not a contact field; use one of firstName,", errors["root.rules[0].field"][0]);
        Assert.Equal("There is no custom field 'credit_limit'; it may have been renamed or deleted.", errors["root.rules[1].key"][0]);
    }

    [Theory]
    [InlineData("""{"type":"customField","key":"tonnage","operator":"gt","value":"lots"}""", "root.rules[0].value", "'lots' is not a number; enter a number such as 100 or 12.5.")]
    [InlineData("""{"type":"customField","key":"tonnage","operator":"gt"}""", "root.rules[0].value", "Enter a number to compare with.")]
    [InlineData("""{"type":"field","field":"birthDate","operator":"on","value":"31/01/2026"}""", "root.rules[0].value", "'31/01/2026' is not a date; enter it as YYYY-MM-DD, e.g. 2026-01-31.")]
    [InlineData("""{"type":"field","field":"createdAt","operator":"after","value":true}""", "root.rules[0].value", "'true' is not a date; enter it as YYYY-MM-DD, e.g. 2026-01-31.")]
    [InlineData("""{"type":"customField","key":"dealer_tier","operator":"equals","value":"platinum"}""", "root.rules[0].value", "'platinum' is not one of the choices of 'Dealer tier': gold, silver, bronze.")]
    [InlineData("""{"type":"customField","key":"dealer_tier","operator":"in","values":["gold","tin"]}""", "root.rules[0].values[1]", "'tin' is not one of the choices of 'Dealer tier': gold, silver, bronze.")]
    [InlineData("""{"type":"field","field":"city","operator":"in","values":[]}""", "root.rules[0].values", "Enter at least one value.")]
    [InlineData("""{"type":"field","field":"city","operator":"equals","value":"  "}""", "root.rules[0].value", "Enter a value to compare with.")]
    [InlineData("""{"type":"customField","key":"tonnage","operator":"between","from":100,"to":10}""", "root.rules[0].to", "The range ends (10) before it starts (100); swap the two.")]
    [InlineData("""{"type":"field","field":"birthDate","operator":"between","from":"2000-01-01","to":"1990-01-01"}""", "root.rules[0].to", "The range ends (1990-01-01) before it starts (2000-01-01); swap the two.")]
    [InlineData("""{"type":"field","field":"createdAt","operator":"inLast","amount":30}""", "root.rules[0].unit", "Choose days, weeks or months.")]
    [InlineData("""{"type":"field","field":"createdAt","operator":"inLast","amount":0,"unit":"days"}""", "root.rules[0].amount", "Enter how many days: a whole number from 1 to 36500.")]
    [InlineData("""{"type":"field","field":"city"}""", "root.rules[0].operator", "Choose an operator: is, is not, is any of, is none of, contains, starts with, ends with, is set or is empty.")]
    [InlineData("""{"type":"field","field":"email","operator":"equals","value":"a@b.c"}""", "root.rules[0].operator", "'equals' does not apply to the address field 'Email'; use is set or is empty.")]
    [InlineData("""{"type":"customField","key":"is_active","operator":"eq","value":1}""", "root.rules[0].operator", "'eq' does not apply to the yes/no field 'Active'; use is true, is false, is set or is empty.")]
    [InlineData("""{"type":"tag","operator":"hasTag","tags":[]}""", "root.rules[0].tags", "Enter at least one tag.")]
    [InlineData("""{"type":"tag","operator":"equals","tags":["vip"]}""", "root.rules[0].operator", "'equals' does not apply to tags; use has tag or does not have tag.")]
    [InlineData("""{"type":"consent","channel":"email"}""", "root.rules[0].status", "Choose granted, withdrawn or unknown.")]
    [InlineData("""{"type":"reachable"}""", "root.rules[0].channel", "Choose a channel: email, SMS, WhatsApp or push.")]
    [InlineData("""{"type":"event","aggregate":"count","operator":"eq","value":0}""", "root.rules[0].event", "Enter the event's name, e.g. purchase.")]
    [InlineData("""{"type":"event","event":"purchase","aggregate":"count","operator":"gt","value":2.5}""", "root.rules[0].value", "A count is a whole number, 0 or more, not 2.5.")]
    [InlineData("""{"type":"event","event":"purchase","aggregate":"last","operator":"gt","value":2}""", "root.rules[0].operator", "'gt' does not apply to the last time of an event; use before, after, in the last, more than … ago or never.")]
    [InlineData("""{"type":"event","event":"purchase","aggregate":"sum","operator":"contains","value":2}""", "root.rules[0].operator", "'contains' does not apply to the sum of an event; use =, ≠, >, ≥, <, ≤ or between.")]
    [InlineData("""{"type":"event","event":"purchase","aggregate":"sum","operator":"gt","value":2,"window":{"inLast":{"amount":30,"unit":"days"},"from":"2026-01-01"}}""", "root.rules[0].window", "Use either 'in the last …' or a from/to range, not both.")]
    [InlineData("""{"type":"event","event":"purchase","aggregate":"sum","operator":"gt","value":2,"window":{"inLast":{"amount":0,"unit":"weeks"}}}""", "root.rules[0].window.inLast.amount", "Enter how many weeks: a whole number from 1 to 5200.")]
    [InlineData("""{"type":"event","event":"purchase","aggregate":"sum","operator":"gt","value":2,"window":{"from":"2026-02-01","to":"2026-01-01"}}""", "root.rules[0].window.to", "The range ends (2026-01-01) before it starts (2026-02-01); swap the two.")]
    [InlineData("""{"type":"engagement","campaignId":0}""", "root.rules[0].kind", "Choose received, opened, clicked or converted.")]
    [InlineData("""{"type":"engagement","kind":"opened","campaignId":0}""", "root.rules[0].campaignId", "Choose a sent campaign, or any campaign.")]
    [InlineData("""{"type":"engagement","kind":"opened","campaignId":3,"linkIndex":0}""", "root.rules[0].linkIndex", "A link can be chosen only for 'clicked' on a chosen campaign.")]
    [InlineData("""{"type":"engagement","kind":"clicked","linkIndex":0}""", "root.rules[0].linkIndex", "A link can be chosen only for 'clicked' on a chosen campaign.")]
    [InlineData("""{"type":"engagement","kind":"clicked","campaignId":3,"linkIndex":-1}""", "root.rules[0].linkIndex", "Choose one of the campaign's links, or leave it out for any link.")]
    [InlineData("""{"type":"engagement","kind":"received","negate":true,"window":{"inLast":{"amount":1300,"unit":"months"}}}""", "root.rules[0].window.inLast.amount", "Enter how many months: a whole number from 1 to 1200.")]
    public void Validate_BadCondition_ReportsAtItsPath(string condition, string path, string message)
    {
        var errors = ErrorsOf(condition);

        Assert.Equal(message, Assert.Single(errors[path]));
    }

    [Fact]
    public void Validate_EmptyGroupsAndEmptyRules_AreReported()
    {
        Assert.Equal("Add at least one condition.", Assert.Single(ErrorsOf(new SegmentDefinition { Root = null! })["root"]));
        Assert.Equal("This group has no conditions; add one or remove the group.", Assert.Single(ErrorsOf(new SegmentDefinition())["root"]));
        Assert.Contains("root.rules[1]", ErrorsOf(All(Tag("vip"), Or())).Keys);
    }

    [Fact]
    public void Validate_GroupsDeeperThanTen_AreRefusedAtTheTooDeepGroup()
    {
        var innermost = And(Tag("vip"));
        var root = innermost;
        for (var level = 0; level < 10; level++)
        {
            root = And(root);
        }

        var errors = ErrorsOf(new SegmentDefinition { Root = root });

        var path = "root" + string.Concat(Enumerable.Repeat(".rules[0]", 10));
        Assert.Equal("Groups can be nested at most 10 levels deep.", Assert.Single(errors[path]));
        new SegmentValidator().Validate(new SegmentDefinition { Root = (RuleGroup)root.Rules[0] }, Fields);
    }

    [Fact]
    public void Validate_MoreThan200Conditions_IsRefused()
    {
        var tooMany = All([.. Enumerable.Range(0, 201).Select(i => (RuleNode)Tag($"t{i}"))]);

        var errors = ErrorsOf(tooMany);

        Assert.Equal("A segment has at most 200 conditions; this one has 201. Simplify it or split it into several segments.", Assert.Single(errors["root"]));
        new SegmentValidator().Validate(All([.. Enumerable.Range(0, 200).Select(i => (RuleNode)Tag($"t{i}"))]), Fields);
    }

    [Fact]
    public void Validate_UnsupportedVersion_IsRefused()
    {
        var errors = ErrorsOf(new SegmentDefinition { Version = 2, Root = And(Tag("vip")) });

        Assert.Contains("version 2", Assert.Single(errors["version"]));
    }
}
