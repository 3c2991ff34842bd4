from django.contrib import admin

from cases.models import Attribute, AttributeValue, Case


class AttributeValueInline(admin.TabularInline):
    model = AttributeValue
    extra = 0
    autocomplete_fields = ["attribute"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "created_at"]
    search_fields = ["name", "description"]
    list_filter = ["project"]
    autocomplete_fields = ["project"]
    inlines = [AttributeValueInline]


@admin.register(Attribute)
class AttributeAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "type", "order"]
    search_fields = ["name"]
    list_filter = ["project", "type"]
    autocomplete_fields = ["project"]


@admin.register(AttributeValue)
class AttributeValueAdmin(admin.ModelAdmin):
    list_display = ["case", "attribute", "text_value", "number_value", "date_value", "boolean_value"]
    search_fields = ["case__name", "attribute__name", "text_value"]
    list_filter = ["attribute__project", "attribute"]
    autocomplete_fields = ["case", "attribute"]
