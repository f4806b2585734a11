from django import template

from procedures.people import person_name

register = template.Library()
register.filter("person_name", person_name)
