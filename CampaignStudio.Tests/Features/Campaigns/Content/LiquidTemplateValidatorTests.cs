using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Tests.Features.Campaigns.Content;

public sealed class LiquidTemplateValidatorTests
{
    private static readonly PersonalizationFields Email = PersonalizationFields.ForChannel(
        Channel.Email,
        [new PersonalizationCustomField("dealer_tier", CustomFieldType.Choice, "Dealer tier"), new PersonalizationCustomField("points", CustomFieldType.Number)]);

    [Fact]
    public void Validate_KnownFieldsAndFilters_NoProblems()
    {
        var problems = LiquidTemplateValidator.Validate(
            "Hi {{ contact.first_name | default: \"there\" | capitalize }}, {{ campaign.name }} from {{ contact.city }}. {{ unsubscribe_url }}",
            Email);

        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_MisspelledField_SuggestsClosestFieldWithPosition()
    {
        var problem = Assert.Single(LiquidTemplateValidator.Validate("Hi {{ contact.frist_name }}", Email));

        Assert.Equal(LiquidProblemKind.UnknownField, problem.Kind);
        Assert.Equal("Unknown field 'contact.frist_name'. Did you mean 'contact.first_name'?", problem.Message);
        Assert.Equal("contact.first_name", problem.Suggestion);
        Assert.Equal((6, 1, 7), (problem.Position, problem.Line, problem.Column));
    }

    [Fact]
    public void Validate_BareFieldName_SuggestsContactField()
    {
        var problem = Assert.Single(LiquidTemplateValidator.Validate("{{ first_name }}", Email));

        Assert.Equal("Unknown field 'first_name'. Did you mean 'contact.first_name'?", problem.Message);
    }

    [Fact]
    public void Validate_NothingClose_NoSuggestion()
    {
        var problem = Assert.Single(LiquidTemplateValidator.Validate("{{ contact.shoe_size }}", Email));

        Assert.Equal("Unknown field 'contact.shoe_size'.", problem.Message);
        Assert.Null(problem.Suggestion);
    }

    [Fact]
    public void Validate_UnknownFilter_SuggestsClosestFilter()
    {
        var problem = Assert.Single(LiquidTemplateValidator.Validate("Hello\n{{ contact.first_name | upcasee }}", Email));

        Assert.Equal(LiquidProblemKind.UnknownFilter, problem.Kind);
        Assert.Equal("Unknown filter 'upcasee'. Did you mean 'upcase'?", problem.Message);
        Assert.Equal((2, 23), (problem.Line, problem.Column));
    }

    [Fact]
    public void Validate_RawFilter_Disallowed()
    {
        var problem = Assert.Single(LiquidTemplateValidator.Validate("{{ contact.company | raw }}", Email));

        Assert.Equal(LiquidProblemKind.DisallowedFilter, problem.Kind);
    }

    [Fact]
    public void Validate_UnclosedOutput_SyntaxErrorOnItsLine()
    {
        var problem = Assert.Single(LiquidTemplateValidator.Validate("Hello\nthere\nDear {{ contact.first_name", Email));

        Assert.Equal(LiquidProblemKind.Syntax, problem.Kind);
        Assert.Equal(3, problem.Line);
        Assert.Contains("'}}'", problem.Message);
        Assert.DoesNotContain(" at (", problem.Message);
        Assert.DoesNotContain("Source:", problem.Message);
    }

    [Fact]
    public void Validate_MissingEndIf_SyntaxError()
    {
        var problem = Assert.Single(LiquidTemplateValidator.Validate("{% if contact.city == 'Pune' %}\nNamaste", Email));

        Assert.Equal(LiquidProblemKind.Syntax, problem.Kind);
        Assert.Contains("endif", problem.Message);
    }

    [Fact]
    public void Validate_StrayEndTag_SaysWhatIsMissing()
    {
        var problem = Assert.Single(LiquidTemplateValidator.Validate("Hi{% endif %}", Email));

        Assert.Equal("'{% endif %}' has no matching '{% if %}' before it.", problem.Message);
        Assert.Equal(2, problem.Position);
    }

    [Fact]
    public void Validate_MisspelledTag_SuggestsTag()
    {
        var problem = Assert.Single(LiquidTemplateValidator.Validate("{% iff contact.city %}x{% endif %}", Email));

        Assert.Equal(LiquidProblemKind.Syntax, problem.Kind);
        Assert.Equal("if", problem.Suggestion);
    }

    [Theory]
    [InlineData("{% include 'footer' %}", "include")]
    [InlineData("{% render 'footer' %}", "render")]
    [InlineData("{% layout 'base' %}", "layout")]
    public void Validate_TagsLoadingFiles_Rejected(string template, string tag)
    {
        var problem = Assert.Single(LiquidTemplateValidator.Validate(template, Email));

        Assert.Equal(LiquidProblemKind.DisallowedTag, problem.Kind);
        Assert.Equal($"The '{tag}' tag is not allowed: a campaign template cannot load other templates or files.", problem.Message);
        Assert.Equal(0, problem.Position);
    }

    [Theory]
    [InlineData("{% cycle 'a', 'b' %}", "cycle")]
    [InlineData("{% increment n %}", "increment")]
    [InlineData("{% tablerow t in contact.tags %}{{ t }}{% endtablerow %}", "tablerow")]
    [InlineData("{%- liquid\n  assign x = 1\n  echo x -%}", "liquid")]
    public void Validate_UnsupportedTags_Rejected(string template, string tag)
    {
        var problem = Assert.Single(LiquidTemplateValidator.Validate(template, Email));

        Assert.Equal(LiquidProblemKind.DisallowedTag, problem.Kind);
        Assert.StartsWith($"The '{tag}' tag is not supported", problem.Message);
    }

    [Fact]
    public void Validate_VariablesFromAssignCaptureAndFor_Accepted()
    {
        const string template = """
            {% assign greeting = contact.first_name | default: "there" %}
            {% capture signature %}The {{ campaign.name }} team{% endcapture %}
            {% for tag in contact.tags limit: 3 %}{{ tag | upcase }}{% unless forloop.last %}, {% endunless %}{% endfor %}
            {% case contact.fields.dealer_tier %}{% when 'gold' %}Gold{% else %}Other{% endcase %}
            {% if contact.fields.points > 100 %}{{ greeting }}{% elsif contact.tags contains 'vip' %}VIP{% else %}{{ signature }}{% endif %}
            {% comment %}{{ not.checked }}{% endcomment %}{% raw %}{{ literally }}{% endraw %}
            """;

        Assert.Empty(LiquidTemplateValidator.Validate(template, Email));
    }

    [Fact]
    public void Validate_LoopVariableAfterLoop_Unknown()
    {
        var problem = Assert.Single(
            LiquidTemplateValidator.Validate("{% for t in contact.tags %}{{ t }}{% endfor %}\n{{ t }} {{ forloop.index }}", Email),
            p => p.Message.Contains("'t'"));

        Assert.Equal(2, problem.Line);
    }

    [Fact]
    public void Validate_VariableUsedBeforeAssign_Unknown()
    {
        var problems = LiquidTemplateValidator.Validate("{{ greeting }}{% assign greeting = 'Hi' %}{{ greeting }}", Email);

        var problem = Assert.Single(problems);
        Assert.Equal("Unknown field 'greeting'.", problem.Message);
    }

    [Fact]
    public void Validate_FieldsInConditionsAndFilterArguments_Checked()
    {
        var problems = LiquidTemplateValidator.Validate(
            "{% if contact.citty == 'Pune' %}x{% endif %}\n{{ 'Dear ' | append: contact.lst_name }}",
            Email);

        Assert.Collection(
            problems,
            p => Assert.Equal(("contact.city", 1), (p.Suggestion, p.Line)),
            p => Assert.Equal(("contact.last_name", 2), (p.Suggestion, p.Line)));
    }

    [Fact]
    public void Validate_SameUnknownTwice_EachOccurrenceLocated()
    {
        var problems = LiquidTemplateValidator.Validate("{{ nope }}\nText nope\n{{ nope }}", Email);

        Assert.Equal([1, 3], problems.Select(p => p.Line));
    }

    [Fact]
    public void Validate_CustomFields_KnownAcceptedTypoSuggested()
    {
        Assert.Empty(LiquidTemplateValidator.Validate("{{ contact.fields.dealer_tier }} {{ contact.fields['points'] }}", Email));

        var problem = Assert.Single(LiquidTemplateValidator.Validate("{{ contact.fields.dealer_teir }}", Email));
        Assert.Equal("Unknown field 'contact.fields.dealer_teir'. Did you mean 'contact.fields.dealer_tier'?", problem.Message);
    }

    [Fact]
    public void Validate_ListMembers_Accepted()
    {
        Assert.Empty(LiquidTemplateValidator.Validate("{{ contact.tags.size }} {{ contact.tags.first }} {{ contact.tags[0] }} {{ contact.first_name.size }}", Email));
    }

    [Fact]
    public void Validate_MemberOfTextField_Unknown()
    {
        var problem = Assert.Single(LiquidTemplateValidator.Validate("{{ contact.first_name.initial }}", Email));

        Assert.Equal("Unknown field 'contact.first_name.initial'.", problem.Message);
    }

    [Fact]
    public void Validate_LinkTheChannelDoesNotOffer_Unavailable()
    {
        var push = PersonalizationFields.ForChannel(Channel.Push);

        var problem = Assert.Single(LiquidTemplateValidator.Validate("Bye {{ unsubscribe_url }}", push));

        Assert.Equal(LiquidProblemKind.UnavailableField, problem.Kind);
        Assert.Equal("'unsubscribe_url' is not available in this message.", problem.Message);
    }

    [Fact]
    public void Validate_ObjectsNotPassed_Unavailable()
    {
        var linksOnly = PersonalizationFields.Create(PersonalizationObjects.UnsubscribeUrl);

        var problems = LiquidTemplateValidator.Validate("{{ contact.first_name }} {{ campaign.name }} {{ unsubscribe_url }}", linksOnly);

        Assert.Equal(["contact.first_name", "campaign.name"], problems.Select(p => p.Message.Split('\'')[1]));
        Assert.All(problems, p => Assert.Equal(LiquidProblemKind.UnavailableField, p.Kind));
    }

    [Fact]
    public void Validate_SeveralProblems_AllReportedInOrder()
    {
        var problems = LiquidTemplateValidator.Validate("{{ contact.frist_name }} {% include 'x' %} {{ x | nope }}", Email);

        Assert.Equal(
            [LiquidProblemKind.UnknownField, LiquidProblemKind.DisallowedTag, LiquidProblemKind.UnknownField, LiquidProblemKind.UnknownFilter],
            problems.Select(p => p.Kind));
    }
}
