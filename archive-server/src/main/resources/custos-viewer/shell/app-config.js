/*
 * OHIF configuration served by Custos at /viewer/app-config.js (docs/viewer.md).
 *
 * Data: this archive's DICOMweb root on the page's own origin (QIDO-RS, WADO-RS; PS3.18).
 * Authentication: the bearer token the user gave the login page (/viewer/login) sits in this tab's
 * sessionStorage; the extension below hands it to OHIF's userAuthenticationService, which OHIF's DICOMweb
 * data source asks for the Authorization header of every request. Without a token OHIF is not started
 * at all (no window.config), and the page goes to the login page; a 401 (token expired or revoked) does the same.
 */
(function () {
  'use strict';
  var TOKEN_KEY = 'custos.viewer.token';
  var dicomWebRoot = window.location.origin + '/dicom-web';

  function toLogin(reason) {
    var next = window.location.pathname + window.location.search;
    var query = '?next=' + encodeURIComponent(next) + (reason ? '&reason=' + encodeURIComponent(reason) : '');
    window.location.replace('/viewer/login' + query);
  }

  function token() {
    return window.sessionStorage.getItem(TOKEN_KEY);
  }

  if (!token()) {
    toLogin();
    return;
  }

  var custosBearerToken = {
    id: 'custos-bearer-token',
    preRegistration: function (context) {
      context.servicesManager.services.userAuthenticationService.setServiceImplementation({
        getAuthorizationHeader: function () {
          var current = token();
          return current ? { Authorization: 'Bearer ' + current } : {};
        },
        handleUnauthenticated: function () {
          toLogin();
          return null;
        },
      });
    },
  };

  window.config = {
    name: 'custos',
    routerBasename: '/viewer',
    extensions: [custosBearerToken],
    modes: [],
    customizationService: {},
    showStudyList: true,
    investigationalUseDialog: { option: 'never' },
    maxNumberOfWebWorkers: 3,
    showWarningMessageForCrossOrigin: false,
    showCPUFallbackMessage: true,
    showLoadingIndicator: true,
    strictZSpacingForVolumeViewport: true,
    maxNumRequests: { interaction: 100, thumbnail: 5, prefetch: 25 },
    showErrorDetails: 'production',
    httpErrorHandler: function (error) {
      var status = error && (error.status || (error.request && error.request.status));
      if (status === 401) {
        window.sessionStorage.removeItem(TOKEN_KEY);
        toLogin('expired');
      }
    },
    defaultDataSourceName: 'custos',
    dataSources: [
      {
        namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
        sourceName: 'custos',
        configuration: {
          friendlyName: 'Custos',
          name: 'custos',
          qidoRoot: dicomWebRoot,
          wadoRoot: dicomWebRoot,
          wadoUriRoot: dicomWebRoot,
          qidoSupportsIncludeField: true,
          supportsFuzzyMatching: false,
          supportsWildcard: true,
          imageRendering: 'wadors',
          thumbnailRendering: 'wadors',
          enableStudyLazyLoad: true,
          staticWado: false,
          singlepart: 'bulkdata,video',
          bulkDataURI: { enabled: true, relativeResolution: 'studies' },
          omitQuotationForMultipartRequest: true,
        },
      },
    ],
  };
})();
