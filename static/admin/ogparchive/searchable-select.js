'use strict';
// A long <select> of the admin (time zones, countries) with a search box: Django admin's own
// Select2, searching the options already in the page (no server look-up). Inline rows added
// later get theirs when the formset adds them; the empty template row never does.
{
    const $ = django.jQuery;

    function makeSearchable(elements) {
        $(elements).not('[name*=__prefix__]').select2();
    }

    $(function() {
        makeSearchable($('select.searchable-select'));
    });

    document.addEventListener('formset:added', (event) => {
        makeSearchable($(event.target).find('select.searchable-select'));
    });
}
