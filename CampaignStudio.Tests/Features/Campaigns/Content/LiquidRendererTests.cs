using System.Collections.Concurrent;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Campaigns.Content;

namespace CampaignStudio.Tests.Features.Campaigns.Content;

public sealed class LiquidRendererTests
{
    private static readonly LiquidRenderer Renderer = new();

    private static PersonalizationModel With(PersonalizationContact contact) => new() { Contact = contact };

    [Fact]
    public void Render_DefaultFilter_FallsBackOnlyWhenValueMissing()
    {
        var template = Renderer.Parse("Hi {{ contact.first_name | default: \"there\" }}!", LiquidOutputMode.Text);

        Assert.Equal("Hi there!", template.Render(PersonalizationModel.Empty));
        Assert.Equal("Hi there!", template.Render(With(new PersonalizationContact())));
        Assert.Equal("Hi Asha!", template.Render(With(new PersonalizationContact { FirstName = "Asha" })));
    }

    [Fact]
    public void Render_MissingValues_RenderEmpty()
    {
        var output = Renderer.Render(
            "[{{ contact.company }}][{{ contact.fields.nope }}][{{ unsubscribe_url }}][{{ campaign.name }}][{{ no.such.thing }}]",
            With(new PersonalizationContact { FirstName = "Asha" }),
            LiquidOutputMode.Text);

        Assert.Equal("[][][][][]", output);
    }

    [Fact]
    public void Render_HtmlMode_EncodesInsertedValues()
    {
        var model = With(new PersonalizationContact { Company = "<b>Tom & \"Jerry\"</b>" });

        var output = Renderer.Render("<p title=\"{{ contact.company }}\">{{ contact.company }}</p>", model, LiquidOutputMode.Html);

        Assert.Equal("<p title=\"&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;\">&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;</p>", output);
    }

    [Fact]
    public void Render_TextMode_WritesValuesAsIs()
    {
        var model = With(new PersonalizationContact { Company = "<b>Tom & \"Jerry\"</b> 😀 é" });

        Assert.Equal("Hi <b>Tom & \"Jerry\"</b> 😀 é", Renderer.Render("Hi {{ contact.company }}", model, LiquidOutputMode.Text));
    }

    [Fact]
    public void Render_RawFilterInHtmlMode_StillEncoded()
    {
        var model = With(new PersonalizationContact { FirstName = "<script>" });

        Assert.Equal("&lt;script&gt;", Renderer.Render("{{ contact.first_name | raw }}", model, LiquidOutputMode.Html));
    }

    [Fact]
    public void Render_TypedValues_ListsNumbersDatesAndCustomFields()
    {
        var model = new PersonalizationModel
        {
            Contact = new PersonalizationContact
            {
                BirthDate = new DateOnly(1988, 4, 12),
                Tags = ["dealer", "vip"],
                Fields = new Dictionary<string, object?> { ["points"] = 1250.5m, ["active"] = true, ["joined"] = new DateOnly(2020, 2, 29), ["tier"] = "gold" },
            },
            CampaignName = "Monsoon",
        };

        var output = Renderer.Render(
            "{{ contact.birth_date }}|{{ contact.birth_date | date: '%d %b %Y' }}|{{ contact.tags | join: ', ' }}|{{ contact.tags.size }}|"
            + "{{ contact.fields.points | plus: 1 }}|{% if contact.fields.active %}yes{% endif %}|{{ contact.fields.joined | date: '%Y' }}|"
            + "{% if contact.tags contains 'vip' %}VIP{% endif %}|{{ contact.fields.tier | upcase }}|{{ campaign.name }}",
            model,
            LiquidOutputMode.Text);

        Assert.Equal("1988-04-12|12 Apr 1988|dealer, vip|2|1251.5|yes|2020|VIP|GOLD|Monsoon", output);
    }

    [Fact]
    public void Render_OneParsedTemplateFromManyThreads_EachRecipientGetsOwnValues()
    {
        var template = Renderer.Parse(
            "{% assign n = contact.first_name | upcase %}{% for t in contact.tags %}{{ t }}-{% endfor %}{{ n }}/{{ contact.fields.i }}",
            LiquidOutputMode.Html);
        var wrong = new ConcurrentBag<string>();

        Parallel.For(0, 5000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var model = With(new PersonalizationContact
            {
                FirstName = "name" + i,
                Tags = ["t" + i],
                Fields = new Dictionary<string, object?> { ["i"] = i },
            });
            var output = template.Render(model);
            if (output != $"t{i}-NAME{i}/{i}")
            {
                wrong.Add(output);
            }
        });

        Assert.Empty(wrong);
    }

    [Fact]
    public void Render_OutputBeyondLimit_Stops()
    {
        var renderer = new LiquidRenderer(new LiquidSandboxOptions { MaxOutputLength = 100 });
        var template = renderer.Parse("{% for i in (1..50) %}0123456789{% endfor %}", LiquidOutputMode.Text);

        var error = Assert.Throws<LiquidRenderException>(() => template.Render(PersonalizationModel.Empty));

        Assert.Contains("longer than 100 characters", error.Message);
    }

    [Fact]
    public void Render_OutputWithinLimit_Renders()
    {
        var renderer = new LiquidRenderer(new LiquidSandboxOptions { MaxOutputLength = 100 });

        Assert.Equal(100, renderer.Render("{% for i in (1..10) %}0123456789{% endfor %}", PersonalizationModel.Empty, LiquidOutputMode.Text).Length);
    }

    [Theory]
    [InlineData("{% for i in (1..1000) %}{{ i }},{% endfor %}", "1,2,3,4,5,")]
    [InlineData("{% for i in (1..1000) limit: 50 %}{{ i }},{% endfor %}", "1,2,3,4,5,")]
    [InlineData("{% for i in (1..1000) limit: 2 %}{{ i }},{% endfor %}", "1,2,")]
    [InlineData("{% for i in (1..1000) limit: 2 offset: 3 %}{{ i }},{% endfor %}", "4,5,")]
    [InlineData("{% for i in (1..3) %}{% for j in (1..1000) %}x{% endfor %}|{% endfor %}", "xxxxx|xxxxx|xxxxx|")]
    [InlineData("{% capture c %}{% if true %}{% for j in (1..1000) %}x{% endfor %}{% endif %}{% endcapture %}{{ c }}", "xxxxx")]
    public void Render_ForLoops_CappedAtMaxIterations(string source, string expected)
    {
        var renderer = new LiquidRenderer(new LiquidSandboxOptions { MaxLoopIterations = 5 });

        Assert.Equal(expected, renderer.Render(source, PersonalizationModel.Empty, LiquidOutputMode.Text));
    }

    [Fact]
    public void Render_TooManySteps_Stops()
    {
        var renderer = new LiquidRenderer(new LiquidSandboxOptions { MaxSteps = 500, MaxLoopIterations = 100_000 });
        var template = renderer.Parse("{% for i in (1..100000) %}{% assign x = i %}{% endfor %}", LiquidOutputMode.Text);

        Assert.Throws<LiquidRenderException>(() => template.Render(PersonalizationModel.Empty));
    }

    [Fact]
    public void Parse_IncludeTag_RejectedBeforeRendering()
    {
        var error = Assert.Throws<LiquidTemplateException>(() => Renderer.Parse("Hi {% include 'secrets' %}", LiquidOutputMode.Text));

        Assert.Equal(LiquidProblemKind.DisallowedTag, Assert.Single(error.Problems).Kind);
    }

    [Fact]
    public void TryParse_SyntaxError_ReturnsProblems()
    {
        Assert.False(Renderer.TryParse("{{ contact.first_name ", LiquidOutputMode.Text, out var parsed, out var problems));

        Assert.Null(parsed);
        Assert.Equal(LiquidProblemKind.Syntax, Assert.Single(problems).Kind);
    }

    [Fact]
    public void Parse_UnknownField_ParsesAndRendersEmpty()
    {
        Assert.Equal("Hi !", Renderer.Render("Hi {{ contact.frist_name }}!", PersonalizationSample.Create(), LiquidOutputMode.Text));
    }

    [Fact]
    public void Render_SampleModel_FillsEveryField()
    {
        var custom = new[] { new PersonalizationCustomField("dealer_tier", CustomFieldType.Choice, "Dealer tier"), new PersonalizationCustomField("points", CustomFieldType.Number) };
        var fields = PersonalizationFields.ForChannel(CampaignStudio.Features.Shared.Channel.Email, custom);
        var everyField = string.Join("|", fields.Fields.Select(f => f.Placeholder));

        Assert.Empty(LiquidTemplateValidator.Validate(everyField, fields));
        var output = Renderer.Render(everyField, PersonalizationSample.For(fields, "Spring sale"), LiquidOutputMode.Text);

        var values = output.Split('|');
        Assert.Equal(fields.Fields.Count, values.Length);
        Assert.All(values, v => Assert.False(string.IsNullOrEmpty(v)));
        Assert.Contains("Asha", values);
        Assert.Contains("Spring sale", values);
        Assert.Contains("Sample Dealer tier", values);
        Assert.Contains("42", values);
    }
}
