using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Audience.Segments.Rules;

namespace CampaignStudio.Tests.Features.Audience.Segments;

/// <summary>Whole segments on <see cref="SegmentWorld"/>: nesting, the dealer example, reach, explanations, and the SQL they become.</summary>
public abstract class SegmentQueryTests(SegmentWorld world)
{
    public sealed class OnSqlite(SegmentWorld.OnSqlite world) : SegmentQueryTests(world), IClassFixture<SegmentWorld.OnSqlite>;

    public sealed class OnMySql(SegmentWorld.OnMySql world) : SegmentQueryTests(world), IClassFixture<SegmentWorld.OnMySql>;

    /// <summary>Dealers in Maharashtra who lifted more than 100 MT in the last 90 days and opted in to WhatsApp.</summary>
    private static SegmentDefinition MaharashtraDealers() => All(
        Tag("dealer"),
        Field("region", RuleOperator.EqualTo, "Maharashtra"),
        SumInLastDays("lifting", "mt", 90, RuleOperator.Gt, 100),
        Consent(Channel.WhatsApp, ConsentStatus.Granted));

    [Fact]
    public async Task Count_DealerExample_SelectsOnlyTheDealerAboveTheThreshold()
    {
        var count = await world.AsAnalystAsync(s => s.CountAsync(MaharashtraDealers()));

        Assert.Equal(1, count);
        Assert.Equal("Asha", await world.NamesAsync(MaharashtraDealers()));
    }

    [Fact]
    public async Task Groups_NestedThreeLevelsWithOrAndNot_CombineAsWritten()
    {
        // Maharashtra AND (tonnage > 110 OR NOT (WhatsApp granted AND city set)).
        var nested = All(
            Field("region", RuleOperator.EqualTo, "Maharashtra"),
            Or(
                Json("""{"type":"customField","key":"tonnage","operator":"gt","value":110}"""),
                Not(And(
                    Consent(Channel.WhatsApp, ConsentStatus.Granted),
                    Field("city", RuleOperator.IsSet)))));
        var negatedRoot = All(Field("region", RuleOperator.EqualTo, "Maharashtra"), Or(Tag("vip"), Not(And(Field("city", RuleOperator.IsSet)))));
        negatedRoot.Root.Negate = true;

        Assert.Equal("Asha,Chitra", await world.NamesAsync(nested));
        // NOT (Maharashtra AND (vip OR no city)): everyone outside Maharashtra, and Maharashtra contacts that are neither.
        Assert.Equal("Bharat,David", await world.NamesAsync(negatedRoot));
        Assert.Equal("Bharat,Chitra,David,Esha", await world.NamesAsync(new SegmentDefinition { Root = Not(And(Tag("vip"), Tag("dealer"))) }));
        Assert.Equal("Asha,David,Esha", await world.NamesAsync(new SegmentDefinition { Root = Or(Tag("vip"), Not(Or(Tag("dealer"), Tag("vip")))) }));
    }

    [Fact]
    public async Task NoPurchaseInLast60Days_IncludesContactsWhoNeverPurchased()
    {
        var lapsed = Where(CountInLastDays("purchase", 60, RuleOperator.Eq, 0));

        Assert.Equal("Bharat,Chitra,Esha", await world.NamesAsync(lapsed));
    }

    [Fact]
    public async Task ReachableCounts_CountMatchingContactsWithAddressAndConsentPerChannel()
    {
        var reach = await world.AsAnalystAsync(s => s.ReachableCountsAsync(Where(Field("region", RuleOperator.EqualTo, "maharashtra"))));

        Assert.Equal(3, reach.Matching);
        Assert.Equal(1, reach.Reachable[Channel.Email]);
        Assert.Equal(1, reach.Reachable[Channel.Sms]);
        Assert.Equal(2, reach.Reachable[Channel.WhatsApp]);
        Assert.Equal(1, reach.Reachable[Channel.Push]);
    }

    [Fact]
    public async Task Explain_AnswersEveryConditionForTheContact()
    {
        var asha = await world.AsAnalystAsync(s => s.ExplainAsync(MaharashtraDealers(), world.Ids["Asha"]));
        var bharat = await world.AsAnalystAsync(s => s.ExplainAsync(MaharashtraDealers(), world.Ids["Bharat"]));
        var chitra = await world.AsAnalystAsync(s => s.ExplainAsync(MaharashtraDealers(), world.Ids["Chitra"]));

        Assert.True(asha.Matches);
        Assert.All(asha.Root.Rules, r => Assert.True(r.Satisfied));
        Assert.False(bharat.Matches);
        Assert.Equal([true, false, false, false], bharat.Root.Rules.Select(r => r.Satisfied));
        Assert.False(chitra.Matches);
        Assert.Equal([true, true, false, true], chitra.Root.Rules.Select(r => r.Satisfied));
        Assert.Equal("root.rules[2]", chitra.Root.Rules[2].Path);
        Assert.Equal("Sum of lifting.mt in the last 90 days > 100", chitra.Root.Rules[2].Description);
        Assert.Equal("All of these", chitra.Root.Description);
    }

    [Fact]
    public async Task Explain_NestedGroups_AnswersEachLevel()
    {
        var definition = All(Tag("dealer"), Or(Field("city", RuleOperator.EqualTo, "Pune"), Not(And(Field("phone", RuleOperator.IsSet)))));

        var chitra = await world.AsAnalystAsync(s => s.ExplainAsync(definition, world.Ids["Chitra"]));

        var or = chitra.Root.Rules[1];
        Assert.False(chitra.Matches);
        Assert.False(or.Satisfied);
        Assert.Equal([false, false], or.Rules.Select(r => r.Satisfied));
        Assert.Equal([true], or.Rules[1].Rules.Select(r => r.Satisfied));
        Assert.Equal("root.rules[1].rules[1].rules[0]", or.Rules[1].Rules[0].Path);
    }

    [Fact]
    public async Task Explain_UnknownContact_IsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => world.AsAnalystAsync(s => s.ExplainAsync(MaharashtraDealers(), 999_999)));
    }

    [Fact]
    public async Task Engagement_WithoutAnyMessageSent_MatchesNobody()
    {
        var opened = Where(new EngagementCondition { Kind = EngagementKind.Opened, Window = new EventWindow { InLast = new RelativePeriod { Amount = 30 } } });
        var received = Where(new EngagementCondition { Kind = EngagementKind.Received });
        new SegmentValidator().Validate(opened, []);

        Assert.Equal(0, await world.AsAnalystAsync(s => s.CountAsync(opened)));
        Assert.Equal(0, await world.AsAnalystAsync(s => s.CountAsync(received)));
    }

    [Fact]
    public async Task Count_InvalidRules_ThrowsValidationErrorsWithTheirPaths()
    {
        var invalid = All(Field("postcode", RuleOperator.EqualTo, "411001"), Json("""{"type":"customField","key":"tonnage","operator":"gt","value":"lots"}"""));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => world.AsAnalystAsync(s => s.CountAsync(invalid)));

        Assert.Equal(["root.rules[0].field", "root.rules[1].value"], refused.Errors.Keys.Order());
    }

    [Fact]
    public async Task Compile_IsOneStatementWithValuesAsParameters_EventsAloneSetBased_NextToNarrowingConditionsPerContact()
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignStudio.Data.AppDbContext>();
        var ctx = new CompileContext(db, await db.CustomFields.ToListAsync(), SegmentWorld.Now);
        // The command EF really sends (ToQueryString on MySQL shows string parameters inlined, for readability only).
        var parameters = new List<object?>();
        string Sql(SegmentDefinition definition)
        {
            using var command = new SegmentQueryCompiler().Apply(db.Contacts, definition, ctx).CreateDbCommand();
            parameters.AddRange(command.Parameters.Cast<System.Data.Common.DbParameter>().Select(p => p.Value));
            return command.CommandText;
        }

        var alone = Sql(Where(CountInLastDays("purchase", 60, RuleOperator.Eq, 0)));
        var dealers = Sql(All(MaharashtraDealers().Root, CountInLastDays("purchase", 60, RuleOperator.Eq, 0)));

        Assert.Contains("GROUP BY", alone);
        Assert.Contains("HAVING", alone);
        Assert.Contains("NOT IN (", alone);
        Assert.DoesNotContain("GROUP BY", dealers);
        Assert.Contains("SUM(", dealers);
        Assert.Contains("COUNT(*)", dealers);
        foreach (var statement in new[] { alone, dealers })
        {
            Assert.DoesNotContain("EXISTS", statement);
            Assert.DoesNotContain("100", statement);
            Assert.DoesNotContain("purchase", statement);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(statement, @"FROM [`""]Contacts[`""]"));
        }

        Assert.DoesNotContain("Maharashtra", dealers);
        Assert.DoesNotContain("'dealer'", dealers);
        Assert.DoesNotContain("lifting", dealers);
        Assert.Contains("Maharashtra", parameters);
        Assert.Contains("dealer", parameters);
        Assert.Contains("lifting", parameters);
    }
}
